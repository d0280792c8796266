import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { classifySqliteError } from '../../src/dialect/sqlite/classify-error.js'
import { CommitOutcomeUnknownError, ConnectionLostError } from '../../src/index.js'

/*
 * An embedded database has no wire on which a COMMIT could be lost after it was sent: a
 * statement on a closed handle never ran. So a closed SQLite handle is a definite
 * ConnectionLostError in every phase, COMMIT included, never an outcome unknown.
 */

function closedHandleError(sql: string): unknown {
  const db = new Database(':memory:')
  db.exec('BEGIN')
  db.close()
  try {
    db.exec(sql)
  } catch (error) {
    return error
  }
  throw new Error('expected the closed database to refuse the statement')
}

describe('classifySqliteError on a closed database', () => {
  it.each(['statement', 'commit', 'rollback'] as const)(
    'is a definite ConnectionLostError at %s',
    (phase) => {
      const cause = closedHandleError(phase === 'commit' ? 'COMMIT' : 'SELECT 1')
      const error = classifySqliteError(cause, phase)
      expect(error).toBeInstanceOf(ConnectionLostError)
      expect(error).not.toBeInstanceOf(CommitOutcomeUnknownError)
      expect(error).toMatchObject({ phase, code: 'SQLITE_CLOSED', retryable: true, cause })
    },
  )

  it("treats libSQL's closed client (CLIENT_CLOSED) the same at COMMIT", () => {
    // The shape @libsql/client throws after client.close(); core does not depend on libSQL.
    const cause = Object.assign(new Error('The client is closed'), { code: 'CLIENT_CLOSED' })
    const error = classifySqliteError(cause, 'commit')
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).not.toBeInstanceOf(CommitOutcomeUnknownError)
    expect(error.phase).toBe('commit')
  })
})
