import type { NakedSqlError } from '../errors/base.js'
import { ConnectionLostError, QueryTimeoutError } from '../errors/database-errors.js'
import { Deadlines } from './deadlines.js'

/** Every round trip's deadline in the process, on one timer. */
const roundTrips = new Deadlines()

/**
 * `work`, or the error `expired()` makes when `work` has not settled within `ms`. The late
 * outcome of `work` is dropped (marked handled, so a rejection after the deadline cannot
 * crash the process); `expired` is where the caller destroys what `work` was waiting on.
 * Without `ms` (an embedded engine, which answers in this thread, where no timer could
 * interrupt it) `work` itself.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number | undefined,
  expired: (ms: number) => unknown,
): Promise<T> {
  if (ms === undefined) return work
  return roundTrips.race(work, ms, () => expired(ms))
}

/** Checks a timeout option: a finite number of milliseconds above 0. */
export function checkTimeout(name: string, ms: number, why: string): number {
  if (!(ms > 0 && Number.isFinite(ms))) {
    throw new RangeError(
      `${name} must be a finite number of milliseconds above 0, not ${ms}: ${why}`,
    )
  }
  return ms
}

/** Headroom past a server-side timeout, so the server's own cancel normally comes first. */
const SERVER_FIRST_MS = 1000

/** The client-side limit of one round trip that carries a server-side timeout (or none). */
function roundTripLimit(clientMs: number, serverMs: number | undefined): number {
  return serverMs === undefined || serverMs + SERVER_FIRST_MS <= clientMs
    ? clientMs
    : serverMs + SERVER_FIRST_MS
}

/** The code of errors raised when core gave up waiting for the server. */
export const CLIENT_TIMEOUT = 'CLIENT_TIMEOUT'

/**
 * `work`, the answer to one round trip, bounded by the client-side limit `clientMs`
 * (undefined for an embedded engine, which is not bounded) and stretched past a longer
 * server-side timeout. `expired` sees the error before it is raised.
 */
export function boundAnswer<T>(
  work: Promise<T>,
  clientMs: number | undefined,
  serverMs: number | undefined,
  phase: 'begin' | 'statement',
  expired?: (timeout: QueryTimeoutError) => void,
): Promise<T> {
  if (clientMs === undefined) return work
  return withDeadline(work, roundTripLimit(clientMs, serverMs), (ms) => {
    const timeout = clientTimeoutError(ms, phase)
    expired?.(timeout)
    return timeout
  })
}

/** Whether an error means the connection must not be used again (lost, or given up on). */
export function connectionGone(error: NakedSqlError): boolean {
  return error instanceof ConnectionLostError || error.code === CLIENT_TIMEOUT
}

/** The error of a statement whose answer did not come within the client-side limit. */
function clientTimeoutError(
  ms: number,
  phase: 'begin' | 'statement' = 'statement',
): QueryTimeoutError {
  return new QueryTimeoutError(
    `No answer to the ${phase === 'begin' ? 'BEGIN' : 'statement'} within ${ms} ms (the factory's statementTimeoutMs), so its connection was given up and is destroyed; the server rolls back its transaction`,
    { code: CLIENT_TIMEOUT, phase },
  )
}

/** Why nothing more is sent on a connection after a client-side timeout. */
export function lostToTimeout(timeout: QueryTimeoutError): ConnectionLostError {
  return new ConnectionLostError(
    'The connection was given up after a statement got no answer in time (statementTimeoutMs)',
    { code: CLIENT_TIMEOUT, phase: 'statement', cause: timeout, retryable: false },
  )
}
