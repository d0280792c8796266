import { bump } from './counters.js'
import { HEAP_JUDGED_FROM_MS, HEAP_LIMIT_BYTES } from './options.js'
import type { TargetResult } from './target-process.js'

/*
 * The figures of every adapter's soak added up into the one summary line, and the verdict:
 * a broken invariant, a pool that opened more than its size, a heap that grew 5 MB or more
 * (over a long enough window), an adapter whose process failed, or no sessions at all.
 */

export interface Verdict {
  readonly line: string
  readonly problems: readonly string[]
}

const record = (r: Record<string, number>) =>
  `{${Object.entries(r)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')}}`

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1)

export function summarize(
  minutes: number,
  windowMs: number,
  results: readonly TargetResult[],
  lost: readonly string[],
): Verdict {
  const problems = [...lost]
  let sessions = 0
  let retries = 0
  let passed = 0
  let failed = 0
  const faults: Record<string, number> = {}
  const errors: Record<string, number> = {}
  const unknown: string[] = []
  const perTarget: string[] = []
  const heaps: string[] = []
  const pools: string[] = []
  let largestGrowth = Number.NEGATIVE_INFINITY
  const judged = windowMs >= HEAP_JUDGED_FROM_MS
  for (const { target, counts, heap, connections } of results) {
    sessions += counts.sessions
    perTarget.push(`${target} ${counts.sessions}`)
    retries += counts.retries
    passed += counts.checksPassed
    failed += counts.checksFailed
    for (const [k, v] of Object.entries(counts.faults)) bump(faults, k, v)
    for (const [k, v] of Object.entries(counts.errors)) bump(errors, k, v)
    unknown.push(`${target} ${counts.transfers.unknown}`)
    problems.push(...counts.failures)
    const growth = heap.end - heap.warm
    largestGrowth = Math.max(largestGrowth, growth)
    heaps.push(`${target} ${mb(growth)}`)
    if (judged && growth >= HEAP_LIMIT_BYTES) {
      problems.push(`${target}: the heap grew ${mb(growth)} MB after warm-up`)
    }
    pools.push(`${target} ${connections.max}/${connections.pool}`)
    if (connections.over > 0) {
      problems.push(
        `${target}: more connections open than the pool's ${connections.pool} in ${connections.over} samples`,
      )
    }
    if (counts.sessions === 0) problems.push(`${target}: no session ran`)
  }
  const heapNote = judged ? '' : ' (not judged: the window after warm-up is under a minute)'
  const line =
    `soak: ${minutes.toFixed(minutes >= 1 ? 1 : 2)} min, ${results.length} adapters, ` +
    `sessions ${sessions} {${perTarget.join(', ')}}, ` +
    `retries ${retries}, faults ${record(faults)}, errors ${record(errors)}, ` +
    `unknown outcomes {${unknown.join(', ')}}, ` +
    `invariant checks ${passed} passed, ${failed} failed, ` +
    `heap growth ${results.length > 0 ? mb(largestGrowth) : '?'} MB max {${heaps.join(', ')}}${heapNote}, ` +
    `max connections {${pools.join(', ')}}`
  return { line, problems }
}
