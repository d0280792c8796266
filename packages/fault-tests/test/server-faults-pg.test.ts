import { pgAdapter } from '@nakedsql/adapter-pg'
import {
  ConnectionLostError,
  createSessionFactory,
  DeadlockError,
  ForeignKeyViolationError,
  InvalidSessionStateError,
  NakedSqlError,
  SerializationFailureError,
  type SessionFactory,
  sql,
  TransactionAbortedError,
  UniqueViolationError,
} from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPgSchema, eventually, type PgTestSchema } from '../src/databases.js'
import { deferred, settle } from '../src/deferred.js'

/*
 * Faults the PostgreSQL server produces for real: a deadlock, a serialization failure, a
 * deferred constraint violated at COMMIT, and misuse the server turns into an aborted
 * transaction. Each must be classified, and the failed session must leave nothing behind.
 */

let pg: PgTestSchema
let db: SessionFactory

beforeAll(async () => {
  pg = await createPgSchema('server_faults')
  await pg.admin.query(`
    CREATE TABLE accounts (id integer PRIMARY KEY, n integer NOT NULL);
    INSERT INTO accounts VALUES (1, 0), (2, 0);
    CREATE TABLE marks (id text PRIMARY KEY);
    CREATE TABLE parents (id integer PRIMARY KEY);
    CREATE TABLE children (id integer PRIMARY KEY,
      parent_id integer NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);
  `)
  db = createSessionFactory(pgAdapter({ ...pg.options(), max: 4 }))
})

afterAll(async () => {
  await db.close()
  await pg.drop()
})

async function marked(id: string): Promise<boolean> {
  return (await pg.admin.query('SELECT 1 FROM marks WHERE id = $1', [id])).rowCount === 1
}

describe('PostgreSQL: conflicts produced for real', () => {
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
    expect(error).toMatchObject({ code: '40P01', retryable: true, phase: 'statement' })
    expect([await marked('deadlock-a'), await marked('deadlock-b')]).toEqual([a.ok, b.ok])
  })

  it('a SERIALIZABLE write skew fails one session with SerializationFailureError; nothing of it is written', async () => {
    const bothRead = [deferred(), deferred()]
    const run = (i: number) =>
      settle(
        db.begin(
          async (s) => {
            const seen = (
              await s.scalars(
                sql<[string]>`SELECT count(*)::text FROM marks WHERE id LIKE 'skew-%'`,
              )
            ).one()
            bothRead[i]!.resolve()
            await bothRead[1 - i]!.promise
            await s.execute(sql`INSERT INTO marks VALUES (${`skew-${i}-saw-${seen}`})`)
          },
          { isolationLevel: 'serializable' },
        ),
      )
    const results = await Promise.all([run(0), run(1)])
    const failed = results.filter((r) => !r.ok)
    expect(failed).toHaveLength(1)
    const error = (failed[0] as { error: unknown }).error
    expect(error).toBeInstanceOf(SerializationFailureError)
    expect(error).toMatchObject({ code: '40001', retryable: true })
    expect(['statement', 'commit']).toContain((error as SerializationFailureError).phase)
    const rows = await pg.admin.query("SELECT id FROM marks WHERE id LIKE 'skew-%'")
    expect(rows.rowCount).toBe(1)
  })
})

describe('PostgreSQL: failures at COMMIT', () => {
  it('a DEFERRABLE INITIALLY DEFERRED foreign key violated at COMMIT: ForeignKeyViolationError, phase commit, nothing written', async () => {
    const error = await db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO marks VALUES ('deferred-fk')`)
        await s.execute(sql`INSERT INTO children VALUES (1, 999)`)
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForeignKeyViolationError)
    expect(error).toMatchObject({ phase: 'commit', code: '23503', retryable: false })
    expect(await marked('deferred-fk')).toBe(false)
    expect((await pg.admin.query('SELECT 1 FROM children')).rowCount).toBe(0)
    // The connection went back clean: the next session works.
    expect(await db.begin(async (s) => (await s.scalars(sql<[string]>`SELECT 'ok'`)).one())).toBe(
      'ok',
    )
  })
})

describe('PostgreSQL: misuse', () => {
  it('commit twice: the second call fails before anything is sent; the first commit stands', async () => {
    let second: unknown
    await db.begin(async (s) => {
      await s.execute(sql`INSERT INTO marks VALUES ('commit-twice')`)
      await s.commit()
      second = await s.commit().catch((e: unknown) => e)
    })
    expect(second).toBeInstanceOf(InvalidSessionStateError)
    expect(second).toMatchObject({ phase: 'commit' })
    expect(await marked('commit-twice')).toBe(true)
  })

  it('a savepoint left open when the callback returns: the whole session rolls back', async () => {
    const error = await db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO marks VALUES ('open-savepoint-outer')`)
        void s.savepoint(async (sp) => {
          await sp.execute(sql`INSERT INTO marks VALUES ('open-savepoint-inner')`)
          await sp.execute(sql`SELECT pg_sleep(0.05)`)
        })
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidSessionStateError)
    expect(await marked('open-savepoint-outer')).toBe(false)
    expect(await marked('open-savepoint-inner')).toBe(false)
  })

  async function swallowThenCommit(id: string): Promise<unknown> {
    await pg.admin.query('INSERT INTO marks VALUES ($1) ON CONFLICT DO NOTHING', [`${id}-taken`])
    return db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO marks VALUES (${id})`)
        const swallowed = await s
          .execute(sql`INSERT INTO marks VALUES (${`${id}-taken`})`)
          .catch((e: unknown) => e)
        expect(swallowed).toBeInstanceOf(UniqueViolationError)
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      )
  }

  it('an error swallowed inside the callback, then commit: nothing is written', async () => {
    await swallowThenCommit('swallowed-1')
    expect(await marked('swallowed-1')).toBe(false)
  })

  // The server answers such a COMMIT with the tag ROLLBACK: never success.
  it('an error swallowed inside the callback, then commit: TransactionAbortedError, phase commit', async () => {
    const error = await swallowThenCommit('swallowed-2')
    expect(error).toBeInstanceOf(TransactionAbortedError)
    expect(error).toMatchObject({ phase: 'commit' })
  })
})

describe('PostgreSQL: a server kill', () => {
  /** Kills the session's backend after its write and waits until the server has ended it. */
  async function killBeforeCommit(id: string, settleMs: number): Promise<unknown> {
    return db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO marks VALUES (${id})`)
        const pid = (await s.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one()
        await pg.admin.query('SELECT pg_terminate_backend($1)', [pid])
        await eventually(
          async () =>
            (await pg.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid]))
              .rowCount === 0,
          'the backend ended',
        )
        // Time for the client to read the server's FATAL message and the socket's end.
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

  // node-postgres refuses the COMMIT without sending it once it saw the connection die: the
  // outcome is known (nothing committed), so it is not CommitOutcomeUnknownError.
  it('of an idle-in-transaction connection the client already saw die: a definite ConnectionLostError at commit', async () => {
    const error = await killBeforeCommit('killed-seen-before-commit', 50)
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).toMatchObject({ phase: 'commit' })
    expect(await marked('killed-seen-before-commit')).toBe(false)
  })
})
