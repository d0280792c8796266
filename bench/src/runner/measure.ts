import type { Sizes } from '../config.js'
import type { BoundWorkload } from '../workloads.js'

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
 * Runs operation `firstOp` and checks its result, so a contender cannot skip the work, then
 * warms the workload up: fully the first time this process times it, briefly after. Returns
 * the result and the index of the next operation.
 */
export async function warm(
  workload: BoundWorkload,
  sizes: Sizes,
  firstOp: number,
  firstTime: boolean,
): Promise<{ firstResult: unknown; next: number }> {
  let k = firstOp
  const firstResult = await runOnce(workload, k)
  const problem = workload.check(firstResult, k)
  if (problem !== undefined) throw new Error(`wrong result: ${problem}`)
  k++
  const warmMs = firstTime ? sizes.warmupMs : sizes.rewarmMs
  const minOps = firstTime ? sizes.warmupMinOps : 1
  const warmUntil = now() + BigInt(warmMs) * 1_000_000n
  for (let n = 1; n < minOps || now() < warmUntil; n++) await runOnce(workload, k++)
  return { firstResult, next: k }
}

/**
 * Times one batch: operations from `firstOp` until `sizes.batchMs` has passed (at least one),
 * so a garbage collection caused by a contender's allocations lands inside its own samples.
 */
export async function timeBatch(
  workload: BoundWorkload,
  sizes: Sizes,
  firstOp: number,
): Promise<{ elapsedNs: number; ops: number }> {
  const batchNs = BigInt(sizes.batchMs) * 1_000_000n
  let k = firstOp
  const begin = now()
  let elapsed = 0n
  do {
    const result = workload.run(k++)
    if (isThenable(result)) await result
    elapsed = now() - begin
  } while (elapsed < batchNs)
  return { elapsedNs: Number(elapsed), ops: k - firstOp }
}
