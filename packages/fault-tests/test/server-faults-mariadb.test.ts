import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import {
  ConnectionLostError,
  createSessionFactory,
  DeadlockError,
  LockTimeoutError,
  NakedSqlError,
  type SessionFactory,
  sql,
} from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMysqlDatabase, type MysqlTestDatabase } from '../src/databases.js'
import { deferred, settle } from '../src/deferred.js'

/*
 * Faults the MariaDB server produces for real: a deadlock, a lock wait timeout (after which
 * InnoDB rolls back only the statement, not the transaction), and the server killing a
 * session's connection before COMMIT.
 */

let my: MysqlTestDatabase
let db: SessionFactory

beforeAll(async () => {
  my = await createMysqlDatabase('server_faults')
  await my.admin.query(
    'CREATE TABLE accounts (id integer PRIMARY KEY, n integer NOT NULL) ENGINE=InnoDB',
  )
  await my.admin.query('INSERT INTO accounts VALUES (1, 0), (2, 0)')
  await my.admin.query('CREATE TABLE marks (id varchar(60) PRIMARY KEY) ENGINE=InnoDB')
  db = createSessionFactory(mysql2Adapter({ uri: my.uri(), max: 4 }))
})

afterAll(async () => {
  await db.close()
  await my.drop()
})

async function marked(id: string): Promise<boolean> {
  const [rows] = await my.admin.query('SELECT 1 FROM marks WHERE id = ?', [id])
  return (rows as unknown[]).length === 1
}

describe('MariaDB: conflicts produced for real', () => {
  it('a deadlock (opposite-order row locks) fails one session with DeadlockError; nothing of it is written', async () => {
    const aLocked = deferred()
    const bLocked = deferred()
    const run = (
      name: string,
      first: number,
      second: number,
      mine: () => void,
      theirs: Promise<void>,
    ) =>
      settle(
        db.begin(async (s) => {
          await s.execute(sql`INSERT INTO marks VALUES (${name})`)
          await s.execute(sql`UPDATE accounts SET n = n + 1 WHERE id = ${first}`)
          mine()
          await theirs
          await s.execute(sql`UPDATE accounts SET n = n + 1 WHERE id = ${second}`)
        }),
      )
    const [a, b] = await Promise.all([
      run('deadlock-a', 1, 2, aLocked.resolve, bLocked.promise),
      run('deadlock-b', 2, 1, bLocked.resolve, aLocked.promise),
    ])
    const failed = [a, b].filter((r) => !r.ok)
    expect(failed).toHaveLength(1)
    const error = (failed[0] as { error: unknown }).error
    expect(error).toBeInstanceOf(DeadlockError)
    expect(error).toMatchObject({ code: '1213', retryable: true, phase: 'statement' })
    expect([await marked('deadlock-a'), await marked('deadlock-b')]).toEqual([a.ok, b.ok])
  })

  /**
   * Holds row 1 locked in another session while `body` runs in a session whose lock wait
   * timeout is 1 s (set for that session only: SET SESSION on a pool of its own).
   */
  async function whileRowLocked<T>(body: (waiter: SessionFactory) => Promise<T>): Promise<T> {
    const waiter = createSessionFactory(mysql2Adapter({ uri: my.uri(), max: 1 }))
    const locked = deferred()
    const done = deferred()
    const holder = db.begin(async (s) => {
      await s.execute(sql`SELECT n FROM accounts WHERE id = 1 FOR UPDATE`)
      locked.resolve()
      await done.promise
    })
    try {
      await locked.promise
      return await body(waiter)
    } finally {
      done.resolve()
      await holder
      await waiter.close()
    }
  }

  const lockTimeoutSession = (waiter: SessionFactory, id: string, swallow: boolean) =>
    waiter.begin(async (s) => {
      await s.execute(sql`SET SESSION innodb_lock_wait_timeout = 1`)
      await s.execute(sql`INSERT INTO marks VALUES (${id})`)
      const update = s.execute(sql`UPDATE accounts SET n = n + 1 WHERE id = 1`)
      if (!swallow) return update
      const error = await update.catch((e: unknown) => e)
      expect(error).toBeInstanceOf(LockTimeoutError)
      return undefined
    })

  it('a lock wait timeout (the server rolls back only the statement): LockTimeoutError, and the whole session rolls back', async () => {
    const error = await whileRowLocked((waiter) =>
      lockTimeoutSession(waiter, 'lock-timeout', false).catch((e: unknown) => e),
    )
    expect(error).toBeInstanceOf(LockTimeoutError)
    expect(error).toMatchObject({ code: '1205', phase: 'statement' })
    expect(await marked('lock-timeout')).toBe(false)
  })

  // InnoDB rolls back only the UPDATE; the session remembers that a statement failed, so the
  // callback that swallowed the error cannot commit the INSERT before it.
  it('a lock wait timeout swallowed by the callback: the session still does not commit half its work', async () => {
    const outcome = await whileRowLocked((waiter) =>
      settle(lockTimeoutSession(waiter, 'lock-timeout-swallowed', true)),
    )
    expect(await marked('lock-timeout-swallowed')).toBe(false)
    expect(outcome.ok).toBe(false)
    expect(outcome).toMatchObject({ error: { name: 'TransactionAbortedError', phase: 'commit' } })
  })
})

describe('MariaDB: a server kill', () => {
  async function killBeforeCommit(id: string, settleMs: number): Promise<unknown> {
    return db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO marks VALUES (${id})`)
        const connection = Number((await s.scalars(sql<[number]>`SELECT CONNECTION_ID()`)).one())
        await my.admin.query(`KILL CONNECTION ${connection}`)
        // Time for the client to read the server's error packet and the socket's end.
        await new Promise((resolve) => setTimeout(resolve, settleMs))
      })
      .catch((e: unknown) => e)
  }

  it('of the connection of a session before COMMIT is never reported as committed', async () => {
    const error = await killBeforeCommit('killed-before-commit', 0)
    expect(error).toBeInstanceOf(NakedSqlError)
    expect(error).toMatchObject({ phase: 'commit' })
    expect(await marked('killed-before-commit')).toBe(false)
  })

  it('of a connection the client already saw die: a definite ConnectionLostError at commit, nothing written', async () => {
    const error = await killBeforeCommit('killed-seen-before-commit', 100)
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).toMatchObject({ phase: 'commit' })
    expect(await marked('killed-seen-before-commit')).toBe(false)
  })
})
