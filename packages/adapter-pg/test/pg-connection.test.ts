import type { Driver, DriverConnection } from '@nakedsql/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let driver: Driver
let connection: DriverConnection

beforeAll(async () => {
  testSchema = await createTestSchema('pg_connection')
  driver = pgAdapter({ ...testSchema.options, max: 2 })
})

afterAll(async () => {
  await driver.close()
  await testSchema.drop()
})

beforeEach(async () => {
  connection = await driver.acquire({ timeoutMs: 5000 })
})

afterEach(async () => {
  await driver.release(connection, { destroy: false })
})

describe('execute', () => {
  it('returns array rows with column names, every value as the text the server sent', async () => {
    const result = await connection.execute(
      "SELECT 9007199254740993::int8 AS big, 1.10::numeric AS n, DATE '0001-01-01' AS d, " +
        "'{\"a\":[1]}'::jsonb AS j, true AS b, '\\x00ff'::bytea AS bin, " +
        "TIMESTAMPTZ '2024-03-10 12:00:00+00' AS ts, NULL::int AS nothing, $1::int AS bound",
      [7],
    )
    expect(result.columns).toEqual(['big', 'n', 'd', 'j', 'b', 'bin', 'ts', 'nothing', 'bound'])
    expect(result.rows).toEqual([
      [
        '9007199254740993',
        '1.10',
        '0001-01-01',
        '{"a": [1]}',
        't',
        '\\x00ff',
        expect.any(String),
        null,
        '7',
      ],
    ])
    expect(result.rowCount).toBe(1)
  })

  it('keeps columns that share a name apart', async () => {
    const result = await connection.execute('SELECT 1 AS id, 2 AS id', [])
    expect(result.columns).toEqual(['id', 'id'])
    expect(result.rows).toEqual([['1', '2']])
  })

  it('reports the columns of each answer when the same text answers with others', async () => {
    await connection.execute('CREATE TABLE reshaped (id int)', [])
    const text = 'SELECT * FROM reshaped WHERE $1::int IS NOT NULL'
    expect((await connection.execute(text, [1])).columns).toEqual(['id'])
    await connection.execute('ALTER TABLE reshaped ADD COLUMN name text', [])
    expect((await connection.execute(text, [1])).columns).toEqual(['id', 'name'])
    await connection.execute('ALTER TABLE reshaped RENAME COLUMN name TO title', [])
    expect((await connection.execute(text, [1])).columns).toEqual(['id', 'title'])
    await connection.execute('DROP TABLE reshaped', [])
  })

  it('answers a parameterless text of several statements with the last one', async () => {
    const result = await connection.execute(
      'SELECT 1 AS a; SELECT 2 AS b, NULL AS c UNION ALL SELECT 4, 5; SELECT 6 AS d WHERE false',
      [],
    )
    expect(result).toMatchObject({ columns: ['d'], rows: [], rowCount: 0 })
    const rows = await connection.execute('SELECT 1 AS a; SELECT 2 AS b, NULL AS c', [])
    expect(rows).toMatchObject({ columns: ['b', 'c'], rows: [['2', null]], rowCount: 1 })
  })

  it('fails a statement whose error comes after some of its rows, and runs the next', async () => {
    await expect(
      connection.execute('SELECT 10 / (3 - x) AS q FROM generate_series(1, 5) AS x', []),
    ).rejects.toMatchObject({ code: '22012' })
    // The stack leads to the caller, not only to the socket's read callback.
    const failed = await connection.execute('SELECT 1 / 0', []).catch((error: unknown) => error)
    expect((failed as Error).stack).toContain('pg-connection.test.ts')
    const next = await connection.execute(
      'SELECT x AS n FROM generate_series(1, $1::int) AS x',
      [3],
    )
    expect(next).toMatchObject({ columns: ['n'], rows: [['1'], ['2'], ['3']], rowCount: 3 })
  })

  it('maps each row with mapRow as it reads it, and returns only the mapped rows', async () => {
    const seen: (readonly unknown[])[] = []
    const mapRow = (row: readonly unknown[]) => {
      seen.push(row)
      return { n: Number(row[0]) * 10 }
    }
    const result = await connection.execute(
      'SELECT x AS n FROM generate_series(1, $1::int) AS x',
      [4],
      { mapRow },
    )
    expect(result.mapped).toEqual([{ n: 10 }, { n: 20 }, { n: 30 }, { n: 40 }])
    expect(result.rows).toEqual([])
    expect(result.rowCount).toBe(4)
    expect(seen).toEqual([['1'], ['2'], ['3'], ['4']])
  })

  it('fails the call with what mapRow threw once the answer is in, and the connection goes on', async () => {
    const refused = new Error('row 3 is unreadable')
    const mapRow = (row: readonly unknown[]) => {
      if (row[0] === '3') throw refused
      return row[0]
    }
    await connection.execute('BEGIN', [])
    const failed = await connection
      .execute('SELECT x AS n FROM generate_series(1, 5000) AS x', [], { mapRow })
      .catch((error: unknown) => error)
    expect(failed).toBe(refused)
    // The database ran the statement: the transaction is not aborted, and the wire is in step.
    expect(connection.inTransaction!()).toBe(true)
    const next = await connection.execute('SELECT $1::int AS n', [7])
    expect(next.rows).toEqual([['7']])
    await connection.execute('COMMIT', [])
    expect(connection.inTransaction!()).toBe(false)
  })

  it('runs any number of distinct texts, each with its own values', async () => {
    for (let i = 0; i < 1100; i++) {
      const result = await connection.execute(`SELECT $1::int + ${i} AS n${i}`, [i])
      expect(result).toMatchObject({ columns: [`n${i}`], rows: [[String(2 * i)]] })
    }
    expect((await connection.execute('SELECT $1::int + 0 AS n0', [5])).rows).toEqual([['5']])
  })

  it('reports affected rows for writes and returned rows for reads', async () => {
    await connection.execute('CREATE TABLE counted (id int PRIMARY KEY, name text)', [])
    const inserted = await connection.execute(
      'INSERT INTO counted VALUES ($1, $2), ($3, $4) RETURNING id',
      [1, 'a', 2, 'b'],
    )
    expect(inserted).toMatchObject({ columns: ['id'], rows: [['1'], ['2']], rowCount: 2 })
    const updated = await connection.execute("UPDATE counted SET name = 'z'", [])
    expect(updated).toMatchObject({ columns: [], rows: [], rowCount: 2 })
    const selected = await connection.execute('SELECT id FROM counted WHERE id > $1', [0])
    expect(selected.rowCount).toBe(2)
    await connection.execute('DROP TABLE counted', [])
  })

  it('runs one statement for many parameter sets and sums the affected rows', async () => {
    await connection.execute('CREATE TABLE many (id int PRIMARY KEY)', [])
    const result = await connection.executeMany('INSERT INTO many VALUES ($1)', [[1], [2], [3]])
    expect(result.rowCount).toBe(3)
    const count = await connection.execute('SELECT count(*) FROM many', [])
    expect(count.rows).toEqual([['3']])
    await connection.execute('DROP TABLE many', [])
  })

  it('reports the transaction status from the server: idle, in a transaction, failed', async () => {
    expect(connection.inTransaction?.()).toBe(false)
    await connection.execute('BEGIN', [])
    expect(connection.inTransaction?.()).toBe(true)
    await expect(connection.execute('SELECT 1/0', [])).rejects.toMatchObject({ code: '22012' })
    expect(connection.inTransaction?.()).toBe(true)
    await connection.execute('ROLLBACK', [])
    expect(connection.inTransaction?.()).toBe(false)
  })

  it('fails a COMMIT the server refuses with its error, the stack leading to the caller', async () => {
    await connection.execute(
      'CREATE TABLE deferred (id int UNIQUE DEFERRABLE INITIALLY DEFERRED)',
      [],
    )
    await connection.execute('BEGIN', [])
    await connection.execute('INSERT INTO deferred VALUES (1), (1)', [])
    const refused = await connection.commit!().catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: '23505' })
    expect((refused as Error).stack).toContain('pg-connection.test.ts')
    expect(connection.inTransaction?.()).toBe(false)
    await connection.execute('DROP TABLE deferred', [])
  })

  it('cancels a statement past its timeout and keeps the connection usable', async () => {
    const before = await connection.execute('SHOW statement_timeout', [])
    await expect(
      connection.execute('SELECT pg_sleep(5)', [], { timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: '57014' })
    const after = await connection.execute('SHOW statement_timeout', [])
    expect(after.rows).toEqual(before.rows)
    const fast = await connection.execute('SELECT $1::int', [1], { timeoutMs: 1000 })
    expect(fast.rows).toEqual([['1']])
  })
})

describe('named statements', () => {
  it('prepares a statement once per connection when asked', async () => {
    const named = pgAdapter({ ...testSchema.options, max: 1, namedStatements: true })
    const own = await named.acquire({ timeoutMs: 5000 })
    try {
      const text = 'SELECT $1::int + 1 AS next'
      expect((await own.execute(text, [1])).rows).toEqual([['2']])
      expect((await own.execute(text, [2])).rows).toEqual([['3']])
      const prepared = await own.execute(
        'SELECT name FROM pg_prepared_statements WHERE statement = $1',
        [text],
      )
      expect(prepared.rows).toEqual([[expect.stringMatching(/^nakedsql_[0-9a-f]{24}$/)]])
    } finally {
      await named.release(own, { destroy: false })
      await named.close()
    }
  })

  it('prepares nothing by default', async () => {
    await connection.execute('SELECT $1::int AS unnamed', [1])
    const prepared = await connection.execute('SELECT count(*) FROM pg_prepared_statements', [])
    expect(prepared.rows).toEqual([['0']])
  })
})
