import {
  createSessionFactory,
  insert,
  integer,
  param,
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
 * What a session sends: its BEGIN travels with its first statement, and a statement run again
 * in the same transaction is bound without a Parse. The pool is a real pg.Pool whose clients
 * count the queries they send (each one is a round trip) and the texts they parse.
 */

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let sent = 0
let parsed: string[] = []

interface Wire {
  parse(message: { text: string }): unknown
}

function countingPool(): pg.Pool {
  const pool = new pg.Pool({ ...testSchema.options, max: 1 })
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (query: unknown) => unknown
    ;(client as unknown as { query(query: unknown): unknown }).query = (q: unknown) => {
      sent++
      return query(q)
    }
    const wire = (client as unknown as { connection: Wire }).connection
    const parse = wire.parse.bind(wire)
    wire.parse = (message) => {
      parsed.push(message.text)
      return parse(message)
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
  parsed = []
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

describe('a statement run again in its transaction', () => {
  const insertText = (label: string) => sql`INSERT INTO items (label) VALUES (${label})`
  const parsesOfInsert = () => parsed.filter((text) => text.startsWith('INSERT INTO items')).length

  it('is bound again without a Parse, each run with its own values', async () => {
    await db.begin(async (s) => {
      for (const label of ['a', 'b', 'c']) await s.execute(insertText(label))
    })
    expect(parsesOfInsert()).toBe(1)
    expect(await labels()).toEqual(['a', 'b', 'c'])
  })

  it('is parsed again after another statement, outside a transaction, and in the next session', async () => {
    await db.begin(async (s) => {
      await s.execute(insertText('a'))
      await s.execute(sql`SELECT ${1}::int`)
      await s.execute(insertText('b'))
    })
    expect(parsesOfInsert()).toBe(2)
    await db.execute(insertText('c'))
    await db.execute(insertText('d'))
    expect(parsesOfInsert()).toBe(4)
    await db.begin((s) => s.execute(insertText('e')))
    expect(parsesOfInsert()).toBe(5)
    expect(await labels()).toEqual(['a', 'b', 'c', 'd', 'e'])
  })

  it('folds an executemany into batches, each batch size parsed once', async () => {
    // 9,000 one-value rows: batches of 4,096, 4,096, 512, 256, 32 and 8 rows.
    const rows = Array.from({ length: 9000 }, (_, i) => ({ label: `row ${i}` }))
    await db.begin((s) => s.execute(insert(items).values({ label: param('label') }), rows))
    const batches = parsed.filter((text) => text.startsWith('INSERT INTO "items"'))
    expect(batches.length).toBe(5)
    expect(new Set(batches).size).toBe(5)
    expect((await labels()).length).toBe(9000)
  })

  it('is parsed every time outside a transaction, where a pooler may switch server connections', async () => {
    const connection = await db.driver.acquire({ timeoutMs: 1000 })
    const a = 'INSERT INTO items (label) VALUES ($1)'
    await connection.execute(a, ['one'])
    await connection.execute(a, ['two'])
    await db.driver.release(connection, { destroy: false })
    expect(parsed.filter((text) => text === a).length).toBe(2)
    expect(await labels()).toEqual(['one', 'two'])
  })

  it('is parsed again when a query queued before it replaced the unnamed statement', async () => {
    const connection = await db.driver.acquire({ timeoutMs: 1000 })
    await connection.begin!({})
    const a = 'INSERT INTO items (label) VALUES ($1) RETURNING label'
    await connection.execute(a, ['first'])
    // Handed to pg while the first is still answering: by the time the third is handed over,
    // the first has finished, but the second has replaced the unnamed statement on the wire.
    const first = connection.execute(a, ['second'])
    const other = connection.execute('SELECT $1::text || $2::text AS joined', ['x', 'y'])
    await first
    const third = await connection.execute(a, ['third'])
    expect((await other).rows).toEqual([['xy']])
    expect(third.rows).toEqual([['third']])
    await connection.commit!()
    await db.driver.release(connection, { destroy: false })
    expect(await labels()).toEqual(['first', 'second', 'third'])
  })
})
