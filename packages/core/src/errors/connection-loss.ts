import type { ErrorPhase } from './base.js'
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  type DatabaseError,
  type DatabaseErrorOptions,
} from './database-errors.js'

/**
 * The error for a connection that broke: after COMMIT was sent its outcome is unknown;
 * in any other phase nothing was committed.
 */
export function connectionLost(
  message: string,
  options: DatabaseErrorOptions & { phase: ErrorPhase },
): DatabaseError {
  return options.phase === 'commit'
    ? new CommitOutcomeUnknownError(message, options)
    : new ConnectionLostError(message, options)
}
