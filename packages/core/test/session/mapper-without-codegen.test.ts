import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { codeGeneration, describeMappedRows } from './fixtures/mapped-rows.js'

const fixture = fileURLToPath(new URL('./fixtures/mapped-rows.ts', import.meta.url))

test('where the runtime refuses code generation, rows map exactly as the generated builders map them', () => {
  // This process compiles builders from source; a child started with
  // --disallow-code-generation-from-strings (as a CSP or Cloudflare Workers would) cannot.
  expect(codeGeneration()).toBe(true)
  const generated = describeMappedRows()
  const printed = execFileSync(
    process.execPath,
    ['--disallow-code-generation-from-strings', '--import', 'tsx', fixture, '--print'],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)) },
  )
  const child = JSON.parse(printed) as { codeGeneration: boolean; rows: unknown }
  expect(child.codeGeneration).toBe(false)
  expect(child.rows).toEqual(generated)
})
