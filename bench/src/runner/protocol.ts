import type { DatabaseId, Sizes, Target } from '../config.js'
import type { WorkloadId } from '../workloads.js'

/** What the harness tells a contender process. */
export type ParentMessage =
  | { readonly type: 'run'; readonly workload: WorkloadId; readonly firstOp: number }
  | { readonly type: 'memory'; readonly workload: WorkloadId }
  | { readonly type: 'close' }

/** One cell's samples: nanoseconds per operation, one value per batch. */
export interface CellSamples {
  readonly perOpNs: number[]
  readonly timedOps: number
  /** Operations including warm-up: what a write workload inserted. */
  readonly totalOps: number
}

export interface MemorySample {
  readonly heapBefore: number
  /** Largest heap seen during the operation: at a GC, or at its end with the result held. */
  readonly heapAfter: number
  readonly rssBefore: number
  readonly maxRss: number
}

/** What a contender process answers. */
export type ChildMessage =
  | { readonly type: 'ready'; readonly pid: number }
  | { readonly type: 'samples'; readonly samples: CellSamples; readonly values?: ValueTypes }
  | { readonly type: 'memory'; readonly memory: MemorySample }
  | { readonly type: 'failed'; readonly message: string }

/** The JavaScript type of each field of one returned row, as users of the contender get it. */
export type ValueTypes = Record<string, string>

export interface ChildArgs {
  readonly contender: string
  readonly db: DatabaseId
  readonly module: string
  /** The module's export to call: an `OpenContender`. */
  readonly entry: string
  readonly target: Target
  readonly sizes: Sizes
}
