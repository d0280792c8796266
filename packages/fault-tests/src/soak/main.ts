import { fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { soakMinutes, warmupMs } from './options.js'
import { summarize } from './summary.js'
import { TARGETS } from './target.js'
import type { TargetResult } from './target-process.js'

/*
 * `pnpm soak [--minutes N]`: every adapter soaked at once, each in its own process, for the
 * whole duration. Prints one summary line; broken checks go to stderr and make the exit
 * code 1.
 */

const here = dirname(fileURLToPath(import.meta.url))
const minutes = soakMinutes(process.argv.slice(2), process.env)
const durationMs = minutes * 60_000
const warmup = warmupMs(durationMs)
/** Setup, the final check and teardown, past the duration, before a process counts as hung. */
const GRACE_MS = 120_000

function soak(target: string): Promise<TargetResult | string> {
  const proc = fork(join(here, 'target-process.ts'), [target, String(durationMs), String(warmup)], {
    execArgv: ['--expose-gc', '--import', 'tsx', '--conditions=source'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let stderr = ''
  proc.stderr!.on('data', (chunk) => {
    stderr += String(chunk)
  })
  let result: TargetResult | undefined
  proc.on('message', (message) => {
    result = message as TargetResult
  })
  const hung = setTimeout(() => proc.kill('SIGKILL'), durationMs + GRACE_MS)
  return new Promise((resolve) => {
    proc.once('close', (code, signal) => {
      clearTimeout(hung)
      resolve(
        result ??
          `${target}: the soak process ended (${code ?? signal}) without figures: ${stderr.trim()}`,
      )
    })
  })
}

const outcomes = await Promise.all(TARGETS.map(soak))
const results = outcomes.filter((o): o is TargetResult => typeof o !== 'string')
const lost = outcomes.filter((o): o is string => typeof o === 'string')
const { line, problems } = summarize(minutes, durationMs - warmup, results, lost)
for (const problem of problems) console.error(`soak: ${problem}`)
console.log(line)
process.exitCode = problems.length > 0 ? 1 : 0
