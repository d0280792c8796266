import { type ErrorPhase, NakedSqlError } from './base.js'

/** What a dialect's classifier knows about one driver error. */
export interface DatabaseErrorOptions {
  /** SQLSTATE (PostgreSQL), server errno or client code (MySQL), extended result code (SQLite). */
  readonly code: string
  readonly phase: ErrorPhase
  /** The driver's original error. */
  readonly cause?: unknown
  /** Overrides the class's default. */
  readonly retryable?: boolean
  /** The five-character SQLSTATE when the driver reports one besides `code`. */
  readonly sqlState?: string
  readonly constraint?: string
  readonly table?: string
  readonly column?: string
}

/** What a `DatabaseError` subclass adds: the advice after the database's message, and its default `retryable`. */
export interface DatabaseErrorDefaults {
  readonly advice: string
  readonly retryable: boolean
}

const GENERIC: DatabaseErrorDefaults = {
  advice:
    'The database refused the statement; `cause` holds the driver error. Fix the statement or the data it writes, then run the session again.',
  retryable: false,
}

/**
 * An error reported by the database or its driver that has no more specific class. Every
 * classified driver error is a `DatabaseError`; `cause` keeps the driver's error and
 * `databaseMessage` its message.
 *
 * @example
 * catch (e) { if (e instanceof DatabaseError) log(e.code, e.databaseMessage) }
 */
export class DatabaseError extends NakedSqlError {
  /** The message as the database or driver wrote it. */
  readonly databaseMessage: string
  readonly sqlState?: string
  /** The violated constraint, when the database names it. */
  readonly constraint?: string
  readonly table?: string
  readonly column?: string

  constructor(
    databaseMessage: string,
    options: DatabaseErrorOptions,
    defaults: DatabaseErrorDefaults = GENERIC,
  ) {
    super(`${databaseMessage} [${options.code}]. ${defaults.advice}`, {
      code: options.code,
      phase: options.phase,
      retryable: options.retryable ?? defaults.retryable,
      cause: options.cause,
    })
    this.databaseMessage = databaseMessage
    if (options.sqlState !== undefined) this.sqlState = options.sqlState
    if (options.constraint !== undefined) this.constraint = options.constraint
    if (options.table !== undefined) this.table = options.table
    if (options.column !== undefined) this.column = options.column
  }
}

/**
 * A row with the same value in a unique column or primary key already exists.
 *
 * @example
 * catch (e) { if (e instanceof UniqueViolationError) return reply(409, 'email taken') }
 */
export class UniqueViolationError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'A row with the same unique value already exists: report the conflict to the caller, or write the insert with onConflictDoNothing() / onConflictDoUpdate().',
      retryable: false,
    })
  }
}

/**
 * A row refers to a parent row that does not exist, or a parent row still has children.
 *
 * @example
 * catch (e) { if (e instanceof ForeignKeyViolationError) return reply(422, 'unknown author') }
 */
export class ForeignKeyViolationError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'The referenced row does not exist (or still has rows referring to it): insert the parent first, delete the children first, or declare onDelete on the reference.',
      retryable: false,
    })
  }
}

/**
 * NULL written into a NOT NULL column (or a required column left out of an insert).
 *
 * @example
 * catch (e) { if (e instanceof NotNullViolationError) console.error(e.column) }
 */
export class NotNullViolationError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'A NOT NULL column received NULL or no value: pass a value for it, or give the column a default.',
      retryable: false,
    })
  }
}

/**
 * A CHECK constraint rejected the row.
 *
 * @example
 * catch (e) { if (e instanceof CheckViolationError) console.error(e.constraint) }
 */
export class CheckViolationError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice: 'A CHECK constraint rejected the row: validate the value before writing it.',
      retryable: false,
    })
  }
}

/**
 * The database could not serialize this transaction with a concurrent one. Running the
 * whole session again usually succeeds.
 *
 * @example
 * await db.begin(transfer, { isolationLevel: 'serializable', retry: { attempts: 5 } })
 */
export class SerializationFailureError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'A concurrent transaction changed the same data; the transaction was rolled back. Run the whole session again (db.begin(fn, { retry })).',
      retryable: true,
    })
  }
}

/**
 * The database broke a lock cycle by rolling this transaction back. Running the whole
 * session again usually succeeds.
 *
 * @example
 * catch (e) { if (e instanceof DeadlockError) retryLater() }
 */
export class DeadlockError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'Two transactions waited for each other and this one was rolled back. Run the whole session again (db.begin(fn, { retry })), and lock rows in one consistent order.',
      retryable: true,
    })
  }
}

/**
 * A lock could not be taken within the database's lock timeout (SQLite: the busy timeout).
 *
 * @example
 * catch (e) { if (e instanceof LockTimeoutError) reply(503, 'busy, try again') }
 */
export class LockTimeoutError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'Another transaction held the lock for longer than the lock timeout. Keep transactions short, raise the lock (busy) timeout, or run the session again later.',
      retryable: false,
    })
  }
}

/**
 * A statement ran longer than its timeout and was cancelled. The connection stays usable.
 *
 * @example
 * catch (e) { if (e instanceof QueryTimeoutError) reply(504, 'report took too long') }
 */
export class QueryTimeoutError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'The statement was cancelled by its timeout. Make it cheaper (an index, a smaller range) or give it a larger timeout option.',
      retryable: false,
    })
  }
}

/**
 * The connection to the database broke before the transaction ended. Nothing of the session
 * was committed, so the session may be run again.
 *
 * @example
 * catch (e) { if (e instanceof ConnectionLostError && e.retryable) await runAgain() }
 */
export class ConnectionLostError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'The connection to the database was lost and the transaction did not commit. Check that the server is reachable, then run the session again.',
      retryable: true,
    })
  }
}

/**
 * A write in a read-only session (or on a read-only server).
 *
 * @example
 * await db.begin(async (s) => s.execute(insert(users).values(u)), { readOnly: true }) // throws
 */
export class ReadOnlyTransactionError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice: 'The session is read-only: open it without { readOnly: true } to write.',
      retryable: false,
    })
  }
}

/**
 * The transaction was already rolled back by the database (after an earlier error in it, or
 * a COMMIT the server turned into a ROLLBACK). Nothing of the session was written.
 *
 * @example
 * catch (e) { if (e instanceof TransactionAbortedError) console.error(e.cause) }
 */
export class TransactionAbortedError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'An earlier statement failed and the database rolled the whole transaction back; nothing was written. Find the first error (do not swallow errors inside a session) and run the session again.',
      retryable: false,
    })
  }
}

/**
 * The connection broke after COMMIT was sent and before the database answered: the
 * transaction may or may not have committed. Never retried automatically; check the data
 * (on PostgreSQL, `select pg_xact_status(<session.transactionId>)`) before writing again.
 *
 * @example
 * catch (e) { if (e instanceof CommitOutcomeUnknownError) await reconcile(order.id) }
 */
export class CommitOutcomeUnknownError extends DatabaseError {
  constructor(databaseMessage: string, options: DatabaseErrorOptions) {
    super(databaseMessage, options, {
      advice:
        'The connection was lost after COMMIT was sent, so the transaction may or may not have committed. Check whether its writes are present before running it again.',
      retryable: false,
    })
  }
}
