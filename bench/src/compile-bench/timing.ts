/** Nanoseconds per call of `fn`: the median of batches of ~20 ms after a warm-up. */
export function timePerCall(fn: () => unknown, budgetMs = 400): number {
  const warmUntil = performance.now() + budgetMs / 4
  while (performance.now() < warmUntil) fn()
  const samples: number[] = []
  const until = performance.now() + budgetMs
  while (samples.length < 5 || performance.now() < until) {
    const start = process.hrtime.bigint()
    let n = 0
    let elapsed = 0n
    do {
      fn()
      n++
      elapsed = process.hrtime.bigint() - start
    } while (elapsed < 20_000_000n)
    samples.push(Number(elapsed) / n)
  }
  samples.sort((a, b) => a - b)
  return samples[Math.floor(samples.length / 2)]!
}

/** The time of one call, the first the process makes of it: module and JIT warm-up included. */
export function timeFirstCall(fn: () => unknown): number {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start)
}
