import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The workspace's TypeScript compiler. */
export const tscPath = fileURLToPath(
  new URL('../../../node_modules/typescript/bin/tsc', import.meta.url),
)

export interface TscFigures {
  readonly checkS: number
  readonly totalS: number
  readonly memoryMb: number
  readonly instantiations: number
  readonly types: number
  /** Compiler errors: failed type assertions show up here. */
  readonly errors: readonly string[]
}

function figure(output: string, label: string): number {
  const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output)
  return match ? Number(match[1]) : Number.NaN
}

/** Runs `tsc --extendedDiagnostics` with extra arguments; never throws on type errors. */
export async function runTsc(args: readonly string[]): Promise<TscFigures> {
  let output: string
  try {
    output = (
      await run(process.execPath, [tscPath, '--extendedDiagnostics', ...args], {
        maxBuffer: 64 * 1024 * 1024,
      })
    ).stdout
  } catch (error) {
    output = (error as { stdout?: string }).stdout ?? String(error)
  }
  return {
    checkS: figure(output, 'Check time'),
    totalS: figure(output, 'Total time'),
    memoryMb: Math.round(figure(output, 'Memory used') / 1024),
    instantiations: figure(output, 'Instantiations'),
    types: figure(output, 'Types'),
    errors: output.split('\n').filter((line) => /error TS\d+/.test(line)),
  }
}
