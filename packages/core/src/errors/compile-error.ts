import { NakedSqlError } from './base.js'

/**
 * A statement that cannot become SQL for the chosen dialect, or a schema that cannot be
 * used as written. Raised before anything reaches the database.
 *
 * @example
 * try { compile(update(users).set({ a: 1 }).returning(users), mysql) }
 * catch (e) { if (e instanceof CompileError) console.log(e.message) }
 */
export class CompileError extends NakedSqlError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { code: 'COMPILE_ERROR', phase: 'compile', retryable: false, ...options })
  }
}
