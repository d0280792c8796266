import type { Sizes } from '../config.js'
import type { BoundWorkload } from '../workloads.js'
import type { CellSamples } from './protocol.js'

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/** Runs one operation, awaiting only when the contender's API is asynchronous. */
export async function runOnce(workload: BoundWorkload, k: number): Promise<unknown> {
  const result = workload.run(k)
  return isThenable(result) ? await result : result
}

const now = () => process.hrtime.bigint()

/**
 * Warms the workload up (fully the first time this process times it, briefly after), then
 * times batches of operations. A batch lasts at least
 * `sizes.batchMs`, so a garbage collection caused by a contender's allocations lands inside
 * its own samples instead of between them. Each sample is one batch's time per operation.
 * The first result of every call is checked, so a contender cannot skip the work.
 */
export async function measure(
  workload: BoundWorkload,
  sizes: Sizes,
  firstOp: number,
  firstTime: boolean,
): Promise<{ samples: CellSamples; firstResult: unknown }> {
  let k = firstOp
  const firstResult = await runOnce(workload, k)
  const problem = workload.check(firstResult, k)
  if (problem !== undefined) throw new Error(`wrong result: ${problem}`)
  k++
  const warmMs = firstTime ? sizes.warmupMs : sizes.rewarmMs
  const minOps = firstTime ? sizes.warmupMinOps : 1
  const warmUntil = now() + BigInt(warmMs) * 1_000_000n
  for (let n = 1; n < minOps || now() < warmUntil; n++) await runOnce(workload, k++)

  const batchNs = BigInt(sizes.batchMs) * 1_000_000n
  const timedUntil = now() + BigInt(sizes.timedMs) * 1_000_000n
  const perOpNs: number[] = []
  let ops = 0
  while (perOpNs.length < sizes.minBatches || now() < timedUntil) {
    const begin = now()
    let count = 0
    let elapsed = 0n
    do {
      const result = workload.run(k++)
      if (isThenable(result)) await result
      count++
      elapsed = now() - begin
    } while (elapsed < batchNs)
    perOpNs.push(Number(elapsed) / count)
    ops += count
  }
  return { samples: { perOpNs, timedOps: ops, totalOps: k - firstOp }, firstResult }
}
