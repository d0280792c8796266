import { createSessionFactory, QueryTimeoutError, type SessionFactory, sql } from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

/* The server-side statement timeout on MariaDB: SET STATEMENT max_statement_time=... FOR. */

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>
let db: SessionFactory

beforeAll(async () => {
  testDatabase = await createTestDatabase('timeouts')
  // One connection, so every session below runs on the same server thread.
  db = createSessionFactory(mysql2Adapter({ uri: testDatabase.uri, max: 1 }))
})

afterAll(async () => {
  await db.close()
  await testDatabase.drop()
})

const connectionId = () =>
  db.begin(async (s) => (await s.scalars(sql<[number]>`SELECT CONNECTION_ID()`)).one())
const limit = sql<[string]>`SELECT @@max_statement_time`
const sleep = sql`SELECT SLEEP(10)`

describe('server-side statement timeout on MariaDB', () => {
  it('a statement past its timeoutMs fails with QueryTimeoutError; a savepoint rolls it back and the session goes on on the same connection', async () => {
    const id = await connectionId()
    const after = await db.begin(async (s) => {
      const error = await s
        .savepoint((sp) => sp.execute(sleep, undefined, { timeoutMs: 50 }))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect((error as QueryTimeoutError).code).toBe('1969')
      // The savepoint rolled back; the transaction goes on, on the same connection.
      return Number((await s.scalars(limit)).one())
    })
    expect(after).toBe(0)
    expect(await connectionId()).toBe(id)
  })

  it('a session timeoutMs covers each of its statements; a statement may ask for another', async () => {
    const seen = await db.begin(
      async (s) => [
        Number((await s.scalars(limit)).one()),
        Number((await s.scalars(limit, undefined, { timeoutMs: 2000 })).one()),
        Number((await s.scalars(limit)).one()),
      ],
      { timeoutMs: 1500 },
    )
    expect(seen).toEqual([1.5, 2, 1.5])
    await expect(db.begin((s) => s.execute(sleep), { timeoutMs: 50 })).rejects.toBeInstanceOf(
      QueryTimeoutError,
    )
    expect(Number(await db.begin(async (s) => (await s.scalars(limit)).one()))).toBe(0)
  })
})
