import type { NakedSqlError } from '../errors/base.js'
import { ConnectionLostError, TransactionAbortedError } from '../errors/database-errors.js'
import { InvalidSessionStateError } from '../errors/session-errors.js'

/**
 * Where a session is in its life. Only `open` accepts calls; every other state refuses them
 * with `InvalidSessionStateError` before anything is sent.
 */
export type SessionState =
  | 'open'
  | 'committing'
  | 'rolling back'
  | 'committed'
  | 'rolled back'
  /** COMMIT or ROLLBACK failed; the connection was rolled back or discarded. */
  | 'failed'

/** The error for `action` on a session that is not open. */
export function closedSessionError(state: string, action: string): InvalidSessionStateError {
  return new InvalidSessionStateError(
    state,
    'open',
    `${action}() needs an open session. A session is one transaction and ends with commit(), rollback() or the end of its db.begin() callback: start a new one with db.begin() or db.session().`,
    { phase: phaseOf(action) },
  )
}

function phaseOf(action: string): 'commit' | 'rollback' | 'statement' {
  return action === 'commit' ? 'commit' : action === 'rollback' ? 'rollback' : 'statement'
}

/** The error for a savepoint call after its callback returned or its session ended. */
export function closedSavepointError(state: string, action: string): InvalidSessionStateError {
  return new InvalidSessionStateError(
    state,
    'open',
    `${action}() needs an open savepoint. A savepoint ends when its callback returns: use the outer session after that.`,
  )
}

/** The error for calls still pending when the callback that owned them returned. */
export function abandonedCallsError(where: string, count: number): InvalidSessionStateError {
  return new InvalidSessionStateError(
    'rolled back',
    'open',
    `the ${where} callback returned while ${count} session call${count === 1 ? ' was' : 's were'} still pending, so ${where === 'savepoint' ? 'the savepoint' : 'the transaction'} was rolled back and the pending calls failed. Await every session call inside the callback.`,
  )
}

/** The error of one call that was still pending when its callback returned. */
export function abandonedCallError(where: string): InvalidSessionStateError {
  return new InvalidSessionStateError(
    'rolled back',
    'open',
    `this call was still pending when the ${where} callback returned, so it failed and ${where === 'savepoint' ? 'the savepoint' : 'the transaction'} was rolled back. Await every session call inside the callback.`,
  )
}

/**
 * Keeps the callback's own error as the one the caller sees and hangs the failed ROLLBACK on
 * it as `rollbackError`, so neither is lost.
 */
export function attachRollbackError(error: unknown, rollbackError: unknown): void {
  if ((typeof error === 'object' && error !== null) || typeof error === 'function') {
    if (!Object.isExtensible(error)) return
    try {
      Object.defineProperty(error, 'rollbackError', {
        value: rollbackError,
        configurable: true,
        writable: true,
        enumerable: false,
      })
    } catch {
      // A proxy or exotic object refused the property: the callback's error still wins.
    }
  }
}

/** A "no error" marker distinct from `undefined`, which a callback may throw. */
export const NO_ERROR: unique symbol = Symbol('no error')

/**
 * The COMMIT error of a session whose connection was lost earlier: COMMIT was never sent, so
 * the failure is definite (nothing committed), not of unknown outcome.
 */
export function lostBeforeCommitError(lost: ConnectionLostError): ConnectionLostError {
  return new ConnectionLostError(
    'The connection was lost during the session, before COMMIT was sent, so nothing was committed',
    { code: lost.code, phase: 'commit', cause: lost },
  )
}

/**
 * The error of a call made after a statement of its transaction (or savepoint) failed: on
 * every database the transaction can then only be rolled back. The first failure is the cause.
 */
export function failedEarlierError(
  first: NakedSqlError,
  phase: 'statement' | 'commit',
): TransactionAbortedError {
  const what =
    phase === 'commit'
      ? 'so the session was rolled back instead of committed'
      : 'so this statement was not sent'
  return new TransactionAbortedError(
    `An earlier statement of this transaction failed (${first.name}, code ${first.code}; it is this error's cause) and its error was caught, ${what}. To go on after a statement that may fail, run it inside session.savepoint(), which rolls back just that part`,
    { code: '25P02', sqlState: '25P02', phase, cause: first },
  )
}

/** The error of a statement of a session whose connection was lost (or given up) earlier. */
export function lostEarlierError(lost: ConnectionLostError): ConnectionLostError {
  return new ConnectionLostError(
    'The connection of this session was lost earlier, so this statement was not sent and nothing of the session was committed',
    { code: lost.code, phase: 'statement', cause: lost, retryable: lost.retryable },
  )
}
