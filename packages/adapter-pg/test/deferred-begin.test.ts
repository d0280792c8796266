import {
  createSessionFactory,
  insert,
  integer,
  type SessionFactory,
  sql,
  table,
  text,
} from '@nakedsql/core'
import pg from 'pg'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

/*
 * A session's BEGIN travels with its first statement. The pool is a real pg.Pool whose
 * clients count the queries they send (each one is a round trip).
 */

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let sent = 0

function countingPool(): pg.Pool {
  const pool = new pg.Pool({ ...testSchema.options, max: 1 })
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (query: unknown) => unknown
    ;(client as unknown as { query(query: unknown): unknown }).query = (q: unknown) => {
      sent++
      return query(q)
    }
  })
  return pool
}

const items = table('items', {
  id: integer().primaryKey().autoIncrement(),
  label: text().notNull().unique(),
})

let db: SessionFactory
let named: SessionFactory

beforeAll(async () => {
  testSchema = await createTestSchema('deferred_begin')
  await testSchema.admin.query(
    `CREATE TABLE "${testSchema.schema}".items (id serial PRIMARY KEY, label text NOT NULL UNIQUE)`,
  )
  db = createSessionFactory(pgAdapter({ pool: countingPool() }))
  named = createSessionFactory(pgAdapter({ pool: countingPool(), namedStatements: true }))
})

afterAll(async () => {
  await db.close()
  await named.close()
  await testSchema.drop()
})

beforeEach(async () => {
  await testSchema.admin.query(`TRUNCATE "${testSchema.schema}".items`)
  // A first query on each pool, so connecting is not counted below.
  await db.execute(sql`SELECT 1`)
  await named.execute(sql`SELECT 1`)
  sent = 0
})

const labels = async () =>
  (
    await testSchema.admin.query(`SELECT label FROM "${testSchema.schema}".items ORDER BY id`)
  ).rows.map((row: { label: string }) => row.label)

describe('BEGIN sent with the first statement', () => {
  it('makes a one-insert session two round trips, and commits it', async () => {
    await db.begin((s) => s.execute(insert(items).values({ label: 'a' })))
    expect(sent).toBe(2)
    expect(await labels()).toEqual(['a'])
  })

  it('sends nothing for a session that runs nothing, committed or rolled back', async () => {
    await db.begin(() => 'nothing')
    await expect(
      db.begin(() => {
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    const session = await db.session()
    await session.rollback()
    expect(sent).toBe(0)
  })

  it('carries the isolation level and read-only mode of the session', async () => {
    const settings = sql<
      [string, string]
    >`SELECT current_setting('transaction_isolation'), current_setting('transaction_read_only') WHERE ${1}::int = 1`
    const serializable = await db.begin(async (s) => (await s.tuples(settings)).one(), {
      isolationLevel: 'serializable',
    })
    expect(serializable).toEqual(['serializable', 'off'])
    const readOnly = await db.begin(async (s) => (await s.tuples(settings)).one(), {
      readOnly: true,
    })
    expect(readOnly).toEqual(['read committed', 'on'])
    expect(sent).toBe(4)
  })

  it('rolls back a session whose first statement failed, and the connection serves the next', async () => {
    await db.begin((s) => s.execute(insert(items).values({ label: 'taken' })))
    await expect(
      db.begin(async (s) => {
        await s.execute(insert(items).values({ label: 'taken' }))
      }),
    ).rejects.toMatchObject({ name: 'UniqueViolationError' })
    await db.begin(async (s) => {
      await s.execute(insert(items).values({ label: 'b' }))
      await s.rollback()
    })
    await db.begin((s) => s.execute(insert(items).values({ label: 'c' })))
    expect(await labels()).toEqual(['taken', 'c'])
  })

  it('sends BEGIN on its own before a named statement not yet parsed, so a failed Parse is parsed again', async () => {
    const bad = sql`SELEC ${1}::int`
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(named.begin((s) => s.execute(bad))).rejects.toMatchObject({
        cause: { code: '42601' },
      })
    }
    const good = sql<[string]>`SELECT (${2}::int + 1)::text`
    expect(await named.begin(async (s) => (await s.scalars(good)).one())).toBe('3')
    expect(await named.begin(async (s) => (await s.scalars(good)).one())).toBe('3')
  })
})
