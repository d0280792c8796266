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
  TransactionAbortedError,
  UniqueViolationError,
} from '../../errors/database-errors.js'
import { messageOf, SOCKET_ERROR_CODES, stringField } from '../../errors/driver-error-fields.js'

type Make = new (message: string, options: DatabaseErrorOptions) => DatabaseError

const BY_SQLSTATE: Readonly<Record<string, Make>> = {
  '23505': UniqueViolationError,
  '23503': ForeignKeyViolationError,
  '23502': NotNullViolationError,
  '23514': CheckViolationError,
  '40001': SerializationFailureError,
  '40P01': DeadlockError,
  '55P03': LockTimeoutError,
  '57014': QueryTimeoutError,
  '25006': ReadOnlyTransactionError,
  '25P02': TransactionAbortedError,
  '40000': TransactionAbortedError,
}

// Server shutdown, admin termination and idle-session timeouts end the connection.
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '57P05', '25P03'])

// node-postgres raises these without a code when the socket ends.
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'Connection ended unexpectedly',
  'timeout expired',
]

// node-postgres refuses a query on a client it already saw die, without sending it: even in
// phase commit the outcome is known (nothing was committed), not unknown.
const PG_NOT_SENT = /is not queryable/

const SQLSTATE = /^[0-9A-Z]{5}$/

/**
 * Classifies an error from a PostgreSQL driver (node-postgres fields: `code` SQLSTATE,
 * `constraint`, `table`, `column`) into the nakedsql hierarchy, keeping it as `cause`.
 *
 * @example
 * classifyPostgresError(pgError, 'statement') // UniqueViolationError for SQLSTATE 23505
 */
export function classifyPostgresError(error: unknown, phase: ErrorPhase): NakedSqlError {
  if (error instanceof NakedSqlError) return error
  const message = messageOf(error)
  const code = stringField(error, 'code')
  const options: DatabaseErrorOptions = {
    code: code ?? 'PG_CLIENT_ERROR',
    phase,
    cause: error,
    ...fields(error),
    ...(code !== undefined && SQLSTATE.test(code) ? { sqlState: code } : {}),
  }
  if (code !== undefined) {
    const make = BY_SQLSTATE[code]
    if (make) return new make(message, options)
    if (code.startsWith('08') || CONNECTION_SQLSTATES.has(code) || SOCKET_ERROR_CODES.has(code)) {
      return connectionLost(message, options)
    }
  }
  if (message === 'Query read timeout')
    return new QueryTimeoutError(message, { ...options, code: 'PG_QUERY_TIMEOUT' })
  if (PG_NOT_SENT.test(message)) {
    return new ConnectionLostError(message, { ...options, code: code ?? 'PG_CONNECTION_LOST' })
  }
  if (PG_CONNECTION_MESSAGES.some((m) => message.includes(m))) {
    return connectionLost(message, { ...options, code: code ?? 'PG_CONNECTION_LOST' })
  }
  return new DatabaseError(message, options)
}

function fields(error: unknown): Partial<DatabaseErrorOptions> {
  const constraint = stringField(error, 'constraint')
  const table = stringField(error, 'table')
  const column = stringField(error, 'column')
  return {
    ...(constraint === undefined ? {} : { constraint }),
    ...(table === undefined ? {} : { table }),
    ...(column === undefined ? {} : { column }),
  }
}
