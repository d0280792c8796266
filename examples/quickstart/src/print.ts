import { inspect } from 'node:util'

/** Where the demo writes its output; the test collects it instead of printing. */
export type Print = (line: string) => void

/** One value per line, on a single line each, the way `console.log` shows objects. */
export function show(value: unknown): string {
  return inspect(value, { depth: 4, breakLength: Number.POSITIVE_INFINITY, colors: false })
}

/** A numbered heading, then each row indented on its own line. */
export function section(print: Print, title: string, rows: readonly unknown[] = []): void {
  print('')
  print(`== ${title}`)
  for (const row of rows) print(`   ${show(row)}`)
}
