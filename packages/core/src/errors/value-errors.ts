import { NakedSqlError } from './base.js'
import { CompileError } from './compile-error.js'

/**
 * A JavaScript value that cannot be written to a column of the given type, found while
 * encoding parameters, before anything reaches the database.
 *
 * @example
 * session.execute(insert(events).values({ at: '2024-01-02' })) // InvalidValueError: pass a Date
 */
export class InvalidValueError extends CompileError {
  override readonly code = 'INVALID_VALUE'
  /** The column type the value was written to, e.g. `timestamp`. */
  readonly columnType: string

  constructor(columnType: string, message: string, options: { cause?: unknown } = {}) {
    super(message, options)
    this.columnType = columnType
  }
}

/**
 * A value the database returned in a form the column's codec cannot read (for example an
 * integer column holding a number beyond 2^53). Raised while mapping rows.
 *
 * @example
 * catch (e) { if (e instanceof UnreadableValueError) console.error(e.columnType, e.message) }
 */
export class UnreadableValueError extends NakedSqlError {
  readonly columnType: string

  constructor(columnType: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'UNREADABLE_VALUE', phase: 'statement', retryable: false, ...options })
    this.columnType = columnType
  }
}
