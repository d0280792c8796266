import type { ErrorPhase } from '../../errors/base.js'
import { NakedSqlError } from '../../errors/base.js'
import {
  CheckViolationError,
  ConnectionLostError,
  DatabaseError,
  type DatabaseErrorOptions,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  QueryTimeoutError,
  ReadOnlyTransactionError,
  SerializationFailureError,
  UniqueViolationError,
} from '../../errors/database-errors.js'
import { messageOf, numberField, stringField } from '../../errors/driver-error-fields.js'

type Make = new (message: string, options: DatabaseErrorOptions) => DatabaseError

// Extended result codes by name (better-sqlite3 `code`, libSQL `extendedCode`) ...
const BY_CODE: Readonly<Record<string, Make>> = {
  SQLITE_CONSTRAINT_UNIQUE: UniqueViolationError,
  SQLITE_CONSTRAINT_PRIMARYKEY: UniqueViolationError,
  SQLITE_CONSTRAINT_FOREIGNKEY: ForeignKeyViolationError,
  SQLITE_CONSTRAINT_NOTNULL: NotNullViolationError,
  SQLITE_CONSTRAINT_CHECK: CheckViolationError,
  SQLITE_BUSY_SNAPSHOT: SerializationFailureError,
  SQLITE_INTERRUPT: QueryTimeoutError,
}

// ... and by number (libSQL `rawCode`).
const NAME_OF_RAW_CODE: Readonly<Record<number, string>> = {
  2067: 'SQLITE_CONSTRAINT_UNIQUE',
  1555: 'SQLITE_CONSTRAINT_PRIMARYKEY',
  787: 'SQLITE_CONSTRAINT_FOREIGNKEY',
  1299: 'SQLITE_CONSTRAINT_NOTNULL',
  275: 'SQLITE_CONSTRAINT_CHECK',
  517: 'SQLITE_BUSY_SNAPSHOT',
  5: 'SQLITE_BUSY',
  6: 'SQLITE_LOCKED',
  8: 'SQLITE_READONLY',
  9: 'SQLITE_INTERRUPT',
}

// When only the primary code is known, SQLite's message still names the constraint kind.
const BY_MESSAGE: readonly (readonly [RegExp, string])[] = [
  [/UNIQUE constraint failed/, 'SQLITE_CONSTRAINT_UNIQUE'],
  [/FOREIGN KEY constraint failed/, 'SQLITE_CONSTRAINT_FOREIGNKEY'],
  [/NOT NULL constraint failed/, 'SQLITE_CONSTRAINT_NOTNULL'],
  [/CHECK constraint failed/, 'SQLITE_CONSTRAINT_CHECK'],
  [/database is locked/, 'SQLITE_BUSY'],
  [/attempt to write a readonly database/, 'SQLITE_READONLY'],
  [/^interrupted$|SQLITE_INTERRUPT/, 'SQLITE_INTERRUPT'],
]

// better-sqlite3 and libSQL after close(): there is no server, only a closed handle. A
// statement on a closed handle never ran, so even at COMMIT the failure is definite: the
// transaction died with the handle and nothing was committed.
const CLOSED = /connection is not open|client is closed|CLIENT_CLOSED/i

/**
 * Classifies an error from an SQLite driver into the nakedsql hierarchy: better-sqlite3's
 * extended `code` (`SQLITE_CONSTRAINT_UNIQUE`), libSQL's `extendedCode` / `rawCode`, or
 * the message when only the primary code is given. SQLITE_BUSY is a `LockTimeoutError`
 * (the busy timeout ran out), retryable when it happened at BEGIN; SQLITE_READONLY is a
 * `ReadOnlyTransactionError` (read-only sessions run with `PRAGMA query_only`).
 *
 * @example
 * classifySqliteError(sqliteError, 'statement') // NotNullViolationError for SQLITE_CONSTRAINT_NOTNULL
 */
export function classifySqliteError(error: unknown, phase: ErrorPhase): NakedSqlError {
  if (error instanceof NakedSqlError) return error
  const message = messageOf(error)
  const code = extendedCode(error, message)
  const options: DatabaseErrorOptions = { code: code ?? 'SQLITE_CLIENT_ERROR', phase, cause: error }
  if (code === undefined) {
    return CLOSED.test(message)
      ? new ConnectionLostError(message, { ...options, code: 'SQLITE_CLOSED' })
      : new DatabaseError(message, options)
  }
  const make = BY_CODE[code]
  if (make) return new make(message, options)
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new LockTimeoutError(message, { ...options, retryable: phase === 'begin' })
  }
  if (code.startsWith('SQLITE_READONLY')) return new ReadOnlyTransactionError(message, options)
  if (code === 'CLIENT_CLOSED' || (code === 'SQLITE_MISUSE' && CLOSED.test(message))) {
    return new ConnectionLostError(message, options)
  }
  return new DatabaseError(message, options)
}

function extendedCode(error: unknown, message: string): string | undefined {
  const named = stringField(error, 'extendedCode')
  if (named !== undefined) return named
  const raw = numberField(error, 'rawCode')
  if (raw !== undefined && NAME_OF_RAW_CODE[raw] !== undefined) return NAME_OF_RAW_CODE[raw]
  const code = stringField(error, 'code')
  // better-sqlite3 already gives the extended name; libSQL may give only SQLITE_CONSTRAINT.
  if (code?.includes('_', 'SQLITE_'.length)) return code
  const fromMessage = BY_MESSAGE.find(([pattern]) => pattern.test(message))?.[1]
  return fromMessage ?? code
}
