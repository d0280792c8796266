import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  createSessionFactory,
  ForeignKeyViolationError,
  InvalidSessionStateError,
  insert,
  PoolTimeoutError,
  select,
  sql,
  UniqueViolationError,
} from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'
import { createSchema, posts, users } from './schema.js'

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bs3-pool-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

const emails = select(users.email).from(users).orderBy(users.email)

/** A factory over a fresh in-memory database holding the test schema. */
async function memoryWithSchema() {
  const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
  await createSchema(db)
  return db
}

describe('the one connection', () => {
  test('sessions wait for it in turn and a session holds it across awaits', async () => {
    const db = await memoryWithSchema()
    const order: string[] = []
    const first = db.begin(async (s) => {
      order.push('first begins')
      await s.execute(insert(users).values({ email: 'a@x' }))
      await new Promise((resolve) => setTimeout(resolve, 20))
      order.push('first ends')
    })
    const second = db.begin(async (s) => {
      order.push('second begins')
      return (await s.scalars(emails)).all()
    })
    await first
    expect(await second).toEqual(['a@x'])
    expect(order).toEqual(['first begins', 'first ends', 'second begins'])
    await db.close()
  })

  test('a session waiting longer than acquireTimeoutMs fails with PoolTimeoutError', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }), {
      acquireTimeoutMs: 30,
    })
    const holder = await db.session()
    const error = await db.begin(async () => 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PoolTimeoutError)
    expect(error).toMatchObject({ phase: 'acquire', timeoutMs: 30 })
    await holder.rollback()
    expect(await db.begin(async () => 2)).toBe(2)
    await db.close()
  })

  test('a file database is opened with WAL, a busy timeout and foreign keys', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: join(dir, 'wal.db') }))
    const [mode, timeout, fk] = await db.begin(async (s) => [
      (await s.scalars(sql`pragma journal_mode`)).one(),
      (await s.scalars(sql`pragma busy_timeout`)).one(),
      (await s.scalars(sql`pragma foreign_keys`)).one(),
    ])
    expect([mode, timeout, fk]).toEqual(['wal', 5000, 1])
    await db.close()
  })

  test('a database handed in is used as it is and left open', async () => {
    const database = new Database(':memory:')
    const db = createSessionFactory(betterSqlite3Adapter({ database }))
    expect(await db.begin(async (s) => (await s.scalars(sql`select ${'x'}`)).one())).toBe('x')
    await db.close()
    expect(database.open).toBe(true)
    database.close()
  })
})

describe('a statement run on its own (db.execute)', () => {
  test('runs at once while no session holds the connection, and waits its turn while one does', async () => {
    const db = await memoryWithSchema()
    const order: string[] = []
    const session = db.begin(async (s) => {
      await s.execute(insert(users).values({ email: 'in-session@x' }))
      await new Promise((resolve) => setTimeout(resolve, 20))
      order.push('session ends')
    })
    // Started while the session holds the connection: it must see the session's committed row.
    const alone = db.scalars(emails).then((rows) => {
      order.push('alone runs')
      return rows.all()
    })
    expect(await alone).toEqual(['in-session@x'])
    await session
    expect(order).toEqual(['session ends', 'alone runs'])
    expect((await db.scalars(emails)).all()).toEqual(['in-session@x'])
    await db.close()
  })

  test('a failing statement rejects with a classified error and the connection stays usable', async () => {
    const db = await memoryWithSchema()
    await db.execute(insert(users).values({ email: 'a@x' }))
    const error = await db.execute(insert(users).values({ email: 'a@x' })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UniqueViolationError)
    expect(error).toMatchObject({ phase: 'statement' })
    expect((await db.scalars(emails)).all()).toEqual(['a@x'])
    await db.close()
  })

  test('a raw BEGIN run on its own is rolled back, so the next session starts clean', async () => {
    const db = await memoryWithSchema()
    await db.execute(sql`BEGIN`)
    await db.begin((s) => s.execute(insert(users).values({ email: 'kept@x' })))
    expect((await db.scalars(emails)).all()).toEqual(['kept@x'])
    await db.close()
  })

  test('is refused once the factory is closed', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
    await db.close()
    await expect(db.execute(sql`select 1`)).rejects.toBeInstanceOf(InvalidSessionStateError)
  })
})

describe('faults at the end of a session', () => {
  test('a constraint violated at COMMIT is classified with phase commit and nothing is written', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: join(dir, 'c.db') }))
    await createSchema(db)
    const error = await db
      .begin(async (s) => {
        await s.execute(sql`pragma defer_foreign_keys = on`)
        await s.execute(insert(posts).values({ userId: 999, title: 'orphan' }))
      })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForeignKeyViolationError)
    expect(error).toMatchObject({ phase: 'commit' })
    expect(await db.begin(async (s) => (await s.scalars(select(posts))).all())).toEqual([])
    await db.close()
  })

  test('when ROLLBACK fails after the callback threw, the callback error wins and carries the rollback error', async () => {
    const database = new Database(':memory:')
    const db = createSessionFactory(betterSqlite3Adapter({ database }))
    const callbackError = new Error('callback failed')
    const error = await db
      .begin(async () => {
        // The connection dies under the session: its ROLLBACK cannot run.
        database.close()
        throw callbackError
      })
      .catch((e: unknown) => e)
    expect(error).toBe(callbackError)
    expect((error as { rollbackError?: unknown }).rollbackError).toMatchObject({
      phase: 'rollback',
    })
    await db.close()
  })

  test('after a lost connection no COMMIT is sent: the failure is definite, not of unknown outcome', async () => {
    const database = new Database(':memory:')
    const db = createSessionFactory(betterSqlite3Adapter({ database }))
    let statementError: unknown
    const error = await db
      .begin(async (s) => {
        database.close()
        statementError = await s.execute(sql`select 1`).catch((e: unknown) => e)
        // The code swallows the error and returns as if all went well.
      })
      .catch((e: unknown) => e)
    expect(statementError).toBeInstanceOf(ConnectionLostError)
    expect(error).toBeInstanceOf(ConnectionLostError)
    expect(error).not.toBeInstanceOf(CommitOutcomeUnknownError)
    expect(error).toMatchObject({ phase: 'commit', cause: statementError })
    await db.close()
  })

  test('after a lost connection a throwing callback gets its own error, with no ROLLBACK attempted', async () => {
    const database = new Database(':memory:')
    const db = createSessionFactory(betterSqlite3Adapter({ database }))
    const callbackError = new Error('gave up')
    const error = await db
      .begin(async (s) => {
        database.close()
        await s.execute(sql`select 1`).catch(() => undefined)
        throw callbackError
      })
      .catch((e: unknown) => e)
    expect(error).toBe(callbackError)
    expect((error as { rollbackError?: unknown }).rollbackError).toBeUndefined()
    await db.close()
  })
})
