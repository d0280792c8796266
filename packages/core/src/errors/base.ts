/** Where in a session's life an error happened. */
export type ErrorPhase =
  | 'compile'
  | 'acquire'
  | 'begin'
  | 'statement'
  | 'commit'
  | 'rollback'
  | 'close'

export interface NakedSqlErrorOptions {
  /** SQLSTATE, driver error code, or nakedsql's own code. */
  readonly code: string
  readonly phase: ErrorPhase
  /** Whether running the whole session again may succeed. */
  readonly retryable: boolean
  readonly cause?: unknown
}

/**
 * The root of every error nakedsql raises. `cause` holds the driver's original error.
 *
 * @example
 * catch (e) { if (e instanceof NakedSqlError && e.retryable) retry() }
 */
export class NakedSqlError extends Error {
  readonly code: string
  readonly phase: ErrorPhase
  readonly retryable: boolean
  /**
   * Set on the error a `db.begin(fn, { retry })` finally throws: the error of every attempt,
   * in order, this one last.
   */
  declare readonly attempts?: readonly unknown[]

  constructor(message: string, options: NakedSqlErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = options.code
    this.phase = options.phase
    this.retryable = options.retryable
  }
}
