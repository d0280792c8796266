import { type ErrorPhase, NakedSqlError } from './base.js'

/**
 * A session was used in a state that does not allow the call: after `commit()` or
 * `rollback()`, after its callback returned, or while it is ending. Nothing was sent to the
 * database for the refused call.
 *
 * @example
 * await db.begin(async (s) => { await s.commit(); await s.execute(q) }) // InvalidSessionStateError
 */
export class InvalidSessionStateError extends NakedSqlError {
  /** The state the session was in, e.g. `committed`. */
  readonly state: string
  /** The state the call needed, e.g. `open`. */
  readonly requiredState: string

  constructor(
    state: string,
    requiredState: string,
    message: string,
    options: { phase?: ErrorPhase; cause?: unknown } = {},
  ) {
    super(`Session is ${state}; ${message}`, {
      code: 'INVALID_SESSION_STATE',
      phase: options.phase ?? 'statement',
      retryable: false,
      cause: options.cause,
    })
    this.state = state
    this.requiredState = requiredState
  }
}

/**
 * No connection became free within the acquire timeout. Not retryable by default: running
 * more sessions against a saturated pool makes the wait longer.
 *
 * @example
 * createSessionFactory(adapter, { acquireTimeoutMs: 5_000 })
 */
export class PoolTimeoutError extends NakedSqlError {
  readonly timeoutMs: number

  constructor(timeoutMs: number, detail = '', options: { cause?: unknown } = {}) {
    super(
      `No database connection became free within ${timeoutMs} ms${detail ? ` (${detail})` : ''}. Keep sessions short (no slow work inside db.begin), raise the pool size, or raise acquireTimeoutMs.`,
      { code: 'POOL_TIMEOUT', phase: 'acquire', retryable: false, cause: options.cause },
    )
    this.timeoutMs = timeoutMs
  }
}

/**
 * `one()` found no row.
 *
 * @example
 * const user = (await s.scalars(byId, { id })).oneOrNull() // null instead of NoRowsError
 */
export class NoRowsError extends NakedSqlError {
  constructor() {
    super(
      'one() expected exactly one row and the statement returned none: use oneOrNull() when no row is a normal outcome.',
      { code: 'NO_ROWS', phase: 'statement', retryable: false },
    )
  }
}

/**
 * `one()` or `oneOrNull()` found more than one row.
 *
 * @example
 * (await s.scalars(select(users).where(eq(users.email, e)))).one() // TooManyRowsError if not unique
 */
export class TooManyRowsError extends NakedSqlError {
  readonly rowCount: number

  constructor(rowCount: number) {
    super(
      `Expected at most one row and the statement returned ${rowCount}: narrow the where clause, add limit(1), or use first() / all().`,
      { code: 'TOO_MANY_ROWS', phase: 'statement', retryable: false },
    )
    this.rowCount = rowCount
  }
}

/**
 * The parameters given to `execute` do not match the statement's `param()` placeholders, or
 * the statement binds more values than the driver accepts. Raised before anything is sent.
 *
 * @example
 * await s.execute(select(users).where(eq(users.id, param('id'))), { id: 1 })
 */
export class ParameterError extends NakedSqlError {
  constructor(message: string) {
    super(message, { code: 'PARAMETER_ERROR', phase: 'statement', retryable: false })
  }
}

/**
 * An option or statement feature the driver cannot honour (an isolation level, a read-only
 * session, RETURNING on this statement kind, savepoints). nakedsql refuses instead of
 * silently ignoring it.
 *
 * @example
 * await db.begin(fn, { isolationLevel: 'read committed' }) // on SQLite: UnsupportedOptionError
 */
export class UnsupportedOptionError extends NakedSqlError {
  readonly option: string

  constructor(option: string, message: string, phase: ErrorPhase) {
    super(message, { code: 'UNSUPPORTED_OPTION', phase, retryable: false })
    this.option = option
  }
}

/**
 * The columns a statement returned do not match its result shape (for example a raw `sql`
 * statement given the shape of another select).
 *
 * @example
 * catch (e) { if (e instanceof ResultShapeError) console.error(e.message) }
 */
export class ResultShapeError extends NakedSqlError {
  constructor(message: string) {
    super(message, { code: 'RESULT_SHAPE', phase: 'statement', retryable: false })
  }
}

/**
 * `SessionFactory.close()` did not finish within its timeout: the driver's connections did
 * not all close in time. The factory refuses new sessions all the same.
 *
 * @example
 * await db.close({ timeoutMs: 5_000 }).catch((e) => log.warn(e.message))
 */
export class CloseTimeoutError extends NakedSqlError {
  readonly timeoutMs: number

  constructor(timeoutMs: number, detail: string) {
    super(
      `The session factory did not close within ${timeoutMs} ms (${detail}). Connections left open are abandoned; end the process or give close() a larger timeoutMs.`,
      { code: 'CLOSE_TIMEOUT', phase: 'close', retryable: false },
    )
    this.timeoutMs = timeoutMs
  }
}
