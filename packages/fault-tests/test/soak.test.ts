import { spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'

/*
 * `pnpm soak` for six seconds, through the root script, so that the script never rots. The
 * heap figures of so short a run are not asserted (nor judged by the soak itself): the
 * window after a 1.5 s warm-up is mostly code still being compiled and caches filling,
 * growth that says nothing about a leak. The full 10 minutes is run by hand.
 */

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '../../..')

it('pnpm soak runs every adapter, passes its checks and prints one summary line', async () => {
  const proc = spawn('pnpm', ['soak', '--minutes', '0.1'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  proc.stdout.on('data', (chunk) => {
    stdout += String(chunk)
  })
  proc.stderr.on('data', (chunk) => {
    stderr += String(chunk)
  })
  const code = await new Promise((resolve) => proc.once('close', resolve))
  const summaries = stdout.split('\n').filter((line) => line.startsWith('soak: '))
  expect(code, `exit code; stderr: ${stderr}`).toBe(0)
  expect(summaries, stdout).toHaveLength(1)
  const [summary] = summaries
  console.log(`[fault-tests] ${summary}`)
  expect(Number(/sessions (\d+)/.exec(summary!)?.[1])).toBeGreaterThan(0)
  expect(summary).toMatch(/invariant checks \d+ passed, 0 failed/)
  for (const adapter of ['pg', 'mariadb', 'better-sqlite3', 'libsql']) {
    expect(summary).toMatch(new RegExp(`[{ ]${adapter} [1-9]\\d*[,}]`))
  }
}, 90_000)
