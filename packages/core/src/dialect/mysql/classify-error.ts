import type { ErrorPhase } from '../../errors/base.js'
import { NakedSqlError } from '../../errors/base.js'
import { connectionLost } from '../../errors/connection-loss.js'
import {
  CheckViolationError,
  ConnectionLostError,
  DatabaseError,
  type DatabaseErrorOptions,
  DeadlockError,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  QueryTimeoutError,
  ReadOnlyTransactionError,
  SerializationFailureError,
  UniqueViolationError,
} from '../../errors/database-errors.js'
import {
  messageOf,
  numberField,
  SOCKET_ERROR_CODES,
  stringField,
} from '../../errors/driver-error-fields.js'

type Make = new (message: string, options: DatabaseErrorOptions) => DatabaseError

const BY_ERRNO: Readonly<Record<number, Make>> = {
  1062: UniqueViolationError, // ER_DUP_ENTRY
  1586: UniqueViolationError, // ER_DUP_ENTRY_WITH_KEY_NAME
  1451: ForeignKeyViolationError, // ER_ROW_IS_REFERENCED_2
  1452: ForeignKeyViolationError, // ER_NO_REFERENCED_ROW_2
  1216: ForeignKeyViolationError, // ER_NO_REFERENCED_ROW
  1217: ForeignKeyViolationError, // ER_ROW_IS_REFERENCED
  1048: NotNullViolationError, // ER_BAD_NULL_ERROR
  1364: NotNullViolationError, // ER_NO_DEFAULT_FOR_FIELD
  4025: CheckViolationError, // MariaDB ER_CONSTRAINT_FAILED
  3819: CheckViolationError, // MySQL ER_CHECK_CONSTRAINT_VIOLATED
  1213: DeadlockError, // ER_LOCK_DEADLOCK
  1205: LockTimeoutError, // ER_LOCK_WAIT_TIMEOUT
  1020: SerializationFailureError, // ER_CHECKREAD: record changed since last read
  1969: QueryTimeoutError, // MariaDB ER_STATEMENT_TIMEOUT (max_statement_time)
  3024: QueryTimeoutError, // MySQL ER_QUERY_TIMEOUT (max_execution_time)
  1792: ReadOnlyTransactionError, // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
  1290: ReadOnlyTransactionError, // ER_OPTION_PREVENTS_STATEMENT (--read-only)
}

const CONNECTION_ERRNOS = new Set([
  2002, // can't connect through socket
  2003, // can't connect to server
  2006, // server has gone away
  2013, // lost connection during query
  2055, // lost connection at reading
  1053, // server shutdown in progress
  1927, // MariaDB ER_CONNECTION_KILLED
  4031, // MySQL: disconnected by the server for inactivity
])

const CONNECTION_CODES = new Set([
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_PACKETS_OUT_OF_ORDER',
  'ER_SERVER_SHUTDOWN',
  ...SOCKET_ERROR_CODES,
])

/**
 * Classifies an error from a MySQL or MariaDB driver (mysql2 fields: `errno`, `code`,
 * `sqlState`, `fatal`) into the nakedsql hierarchy. `code` is the server errno as text
 * (`'1062'`), or the client's code for client-side errors (`'PROTOCOL_CONNECTION_LOST'`).
 *
 * @example
 * classifyMysqlError(mysqlError, 'statement') // DeadlockError for errno 1213
 */
export function classifyMysqlError(error: unknown, phase: ErrorPhase): NakedSqlError {
  if (error instanceof NakedSqlError) return error
  const message = stringField(error, 'sqlMessage') ?? messageOf(error)
  const errno = numberField(error, 'errno')
  const clientCode = stringField(error, 'code')
  const sqlState = stringField(error, 'sqlState')
  const options: DatabaseErrorOptions = {
    code: errno !== undefined && errno > 0 ? String(errno) : (clientCode ?? 'MYSQL_CLIENT_ERROR'),
    phase,
    cause: error,
    ...(sqlState === undefined ? {} : { sqlState }),
    ...namesIn(message),
  }
  const make = errno === undefined ? undefined : BY_ERRNO[errno]
  if (make) return new make(message, options)
  // mysql2 refuses a command on a connection it already saw close, without sending it: even
  // in phase commit the outcome is known (nothing was committed), not unknown.
  if (/connection is in closed state/i.test(message))
    return new ConnectionLostError(message, options)
  if (
    (errno !== undefined && CONNECTION_ERRNOS.has(errno)) ||
    (clientCode !== undefined && CONNECTION_CODES.has(clientCode)) ||
    /Connection lost/i.test(message)
  ) {
    return connectionLost(message, options)
  }
  return new DatabaseError(message, options)
}

// MySQL names the key, constraint or column only inside its message.
function namesIn(message: string): Partial<DatabaseErrorOptions> {
  const constraint =
    /for key '(?:[^'.]*\.)?([^']+)'/.exec(message)?.[1] ??
    /CONSTRAINT [`'"]([^`'"]+)[`'"]/.exec(message)?.[1]
  const column = /Column '([^']+)' cannot be null|Field '([^']+)' doesn't have a default/.exec(
    message,
  )
  const columnName = column?.[1] ?? column?.[2]
  return {
    ...(constraint === undefined ? {} : { constraint }),
    ...(columnName === undefined ? {} : { column: columnName }),
  }
}
