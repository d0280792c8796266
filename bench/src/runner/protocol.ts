import type { DatabaseId, Sizes, Target } from '../config.js'
import type { WorkloadId } from '../workloads.js'

/**
 * What the harness tells a contender process. `warm` starts a cell (check, warm-up); each
 * `batch` then times one batch of the same workload, continuing where the last one stopped.
 */
export type ParentMessage =
  | { readonly type: 'warm'; readonly workload: WorkloadId; readonly firstOp: number }
  | { readonly type: 'batch' }
  | { readonly type: 'memory'; readonly workload: WorkloadId }
  | { readonly type: 'close' }

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
  /** `ops`: operations run, the checked one included (what a write workload inserted). */
  | { readonly type: 'warmed'; readonly ops: number; readonly values?: ValueTypes }
  /** One timed batch: `elapsedNs` for `ops` operations. */
  | { readonly type: 'batch'; readonly elapsedNs: number; readonly ops: number }
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
