import type { SessionFactory } from '@nakedsql/core'

/*
 * Heap and connections of one adapter's soak process: the heap after a full collection
 * (node --expose-gc), and db.stats() sampled every second.
 */

/** heapUsed after full collections, in bytes. */
export function settledHeap(): number {
  const gc = (globalThis as { gc?: () => void }).gc
  if (gc === undefined) throw new Error('the soak measures the heap: run node with --expose-gc')
  // A second pass collects what the first one's finalizers released.
  gc()
  gc()
  return process.memoryUsage().heapUsed
}

export interface ConnectionSampler {
  /** The most connections seen open (idle + in use) in any sample. */
  readonly max: () => number
  /** Samples where more connections were open than the pool allows. */
  readonly over: () => number
  readonly samples: () => number
  stop(): void
}

export function sampleConnections(db: SessionFactory, poolSize: number): ConnectionSampler {
  let max = 0
  let over = 0
  let samples = 0
  const timer = setInterval(() => {
    const { idle, inUse } = db.stats()
    const open = idle + inUse
    samples++
    if (open > max) max = open
    if (open > poolSize) over++
  }, 1000)
  return {
    max: () => max,
    over: () => over,
    samples: () => samples,
    stop: () => clearInterval(timer),
  }
}
