import type { CompileRow } from '../compile-bench/types.js'
import type { DatabaseId, Sizes } from '../config.js'
import type { ContenderId } from '../registry.js'
import type { ValueTypes } from '../runner/protocol.js'
import type { WorkloadId } from '../workloads.js'

export type CellResult =
  | {
      readonly status: 'ok'
      readonly medianNs: number
      readonly p25Ns: number
      readonly p75Ns: number
      readonly batches: number
      readonly timedOps: number
      /** Per-round medians, to see drift between rounds. */
      readonly roundMediansNs: readonly number[]
      /** Median divided by the raw driver's median in the same run. */
      readonly ratio?: number
    }
  | { readonly status: 'missing'; readonly reason: string }
  | { readonly status: 'failed'; readonly reason: string }

export interface MemoryResult {
  readonly status: 'ok' | 'missing' | 'failed'
  readonly reason?: string
  readonly heapBefore?: number
  readonly peakHeap?: number
  readonly maxRss?: number
  /** Peak heap growth during the read over the raw driver's. */
  readonly heapRatio?: number
}

export interface DatabaseReport {
  readonly id: DatabaseId
  readonly label: string
  readonly cells: Partial<Record<WorkloadId, Partial<Record<ContenderId, CellResult>>>>
  readonly w3Memory: Partial<Record<ContenderId, MemoryResult>>
  /** What users of each contender get for each column (from W1 and W8). */
  readonly valueTypes: Partial<Record<ContenderId, { W1?: ValueTypes; W8?: ValueTypes }>>
}

export interface MachineInfo {
  readonly hostname: string
  readonly cpu: string
  readonly cores: number
  readonly memoryGb: number
  readonly node: string
  readonly platform: string
  readonly note: string
}

export interface Report {
  readonly date: string
  readonly mode: 'full' | 'quick'
  readonly machine: MachineInfo
  readonly sizes: Sizes
  readonly contenders: readonly ContenderId[]
  readonly workloads: readonly WorkloadId[]
  readonly databases: readonly DatabaseReport[]
  readonly versions: Record<string, string>
  /** The git commit measured (`+changes` when the work tree had uncommitted changes). */
  readonly revision?: string
  /** Building and compiling a ten-join select, per dialect. */
  readonly compile?: readonly CompileRow[] | { readonly error: string }
  readonly durationS: number
}
