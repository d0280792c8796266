import { NakedSqlError } from '../errors/base.js'
import { CommitOutcomeUnknownError } from '../errors/database-errors.js'

/** How `db.begin(fn, { retry })` runs a session again. */
export interface RetryOptions {
  /** Most runs of the callback, the first one included. Default 5. */
  readonly attempts?: number
  /** The backoff before the second run is up to this long; it doubles for each run. Default 20 ms. */
  readonly baseDelayMs?: number
  /** The longest backoff. Default 1 000 ms. */
  readonly maxDelayMs?: number
}

/** Retry options with every default filled in and checked. */
export interface RetryPolicy {
  readonly attempts: number
  readonly baseDelayMs: number
  readonly maxDelayMs: number
}

const DEFAULT_POLICY: RetryPolicy = Object.freeze({
  attempts: 5,
  baseDelayMs: 20,
  maxDelayMs: 1000,
})

/** The policy of a `retry` option, or undefined when the session runs once. */
export function retryPolicy(option: boolean | RetryOptions | undefined): RetryPolicy | undefined {
  if (option === undefined || option === false) return undefined
  if (option === true) return DEFAULT_POLICY
  const policy: RetryPolicy = {
    attempts: option.attempts ?? DEFAULT_POLICY.attempts,
    baseDelayMs: option.baseDelayMs ?? DEFAULT_POLICY.baseDelayMs,
    maxDelayMs: option.maxDelayMs ?? DEFAULT_POLICY.maxDelayMs,
  }
  if (!(Number.isInteger(policy.attempts) && policy.attempts >= 1)) {
    throw new RangeError(
      `retry.attempts must be a whole number of runs, at least 1, not ${policy.attempts}: a retried session must stop somewhere.`,
    )
  }
  for (const key of ['baseDelayMs', 'maxDelayMs'] as const) {
    const ms = policy[key]
    if (!(ms >= 0 && Number.isFinite(ms))) {
      throw new RangeError(`retry.${key} must be a finite number of milliseconds, not ${ms}.`)
    }
  }
  return policy
}

/**
 * The wait after the failed run number `attempt` (1 for the first): a random time up to an
 * exponentially growing bound ("full jitter"), so sessions that collided once do not collide
 * again in step.
 */
export function backoffMs(
  policy: RetryPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const bound = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.floor(random() * bound)
}

/**
 * Whether a session that failed with `error` may run again: nakedsql says the error is
 * retryable (serialization failure, deadlock, SQLITE_BUSY at BEGIN, a connection lost before
 * COMMIT was sent) and nothing of the session was committed. A commit of unknown outcome is
 * never retried: the first run may have committed.
 */
export function mayRetry(error: unknown, committed: boolean): boolean {
  return (
    !committed &&
    error instanceof NakedSqlError &&
    error.retryable &&
    !(error instanceof CommitOutcomeUnknownError)
  )
}

/** Hangs the errors of every run on the error the caller finally gets, as `attempts`. */
export function attachAttempts(error: unknown, attempts: readonly unknown[]): void {
  if ((typeof error !== 'object' || error === null) && typeof error !== 'function') return
  if (!Object.isExtensible(error)) return
  try {
    Object.defineProperty(error, 'attempts', {
      value: Object.freeze([...attempts]),
      configurable: true,
      writable: true,
      enumerable: false,
    })
  } catch {
    // A proxy refused the property: the error itself still reaches the caller.
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
