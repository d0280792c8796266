/** What one adapter's soak counted; the parent adds these up for the summary line. */
export interface SoakCounts {
  /** `db.begin` calls that ended, committed or not. */
  sessions: number
  sessionsByKind: Record<string, number>
  /** Faults that took effect, by kind. */
  faults: Record<string, number>
  /** Errors that reached the caller of `db.begin`, by class. */
  errors: Record<string, number>
  /** Sessions run again after a retryable error (by the workload's loop or by `retry`). */
  retries: number
  checksPassed: number
  checksFailed: number
  /** The first broken invariants, for the report (bounded so a broken run stays small). */
  failures: string[]
  transfers: { committed: number; failed: number; unknown: number; insufficient: number }
}

export function emptyCounts(): SoakCounts {
  return {
    sessions: 0,
    sessionsByKind: {},
    faults: {},
    errors: {},
    retries: 0,
    checksPassed: 0,
    checksFailed: 0,
    failures: [],
    transfers: { committed: 0, failed: 0, unknown: 0, insufficient: 0 },
  }
}

export function bump(record: Record<string, number>, key: string, by = 1): void {
  record[key] = (record[key] ?? 0) + by
}

export function countError(counts: SoakCounts, error: unknown): void {
  bump(counts.errors, error instanceof Error ? error.name : typeof error)
}

const KEPT_FAILURES = 20

/** Records one invariant check; a broken one keeps its description. */
export function check(counts: SoakCounts, holds: boolean, description: () => string): void {
  if (holds) {
    counts.checksPassed++
    return
  }
  counts.checksFailed++
  if (counts.failures.length < KEPT_FAILURES) counts.failures.push(description())
}
