import type { Driver, DriverConnection } from '@nakedsql/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>
let driver: Driver
let connection: DriverConnection

beforeAll(async () => {
  testDatabase = await createTestDatabase('connection')
  driver = mysql2Adapter({ uri: testDatabase.uri, max: 2 })
})

afterAll(async () => {
  await driver.close()
  await testDatabase.drop()
})

beforeEach(async () => {
  connection = await driver.acquire({ timeoutMs: 5000 })
})

afterEach(async () => {
  await driver.release(connection, { destroy: false })
})

describe('execute', () => {
  it('returns array rows with column names, values as the server wrote them', async () => {
    const result = await connection.execute(
      "SELECT 9007199254740993 AS big, CAST(1.10 AS DECIMAL(10,2)) AS n, DATE '0001-01-01' AS d, " +
        "TIMESTAMP '2024-03-10 12:00:00.123' AS ts, JSON_OBJECT('a', 1) AS j, TRUE AS b, " +
        "X'00ff' AS bin, NULL AS nothing, ? AS bound",
      ['x'],
    )
    expect(result.columns).toEqual(['big', 'n', 'd', 'ts', 'j', 'b', 'bin', 'nothing', 'bound'])
    expect(result.rows).toEqual([
      [
        '9007199254740993',
        '1.10',
        '0001-01-01',
        '2024-03-10 12:00:00.123',
        '{"a": 1}',
        1,
        Buffer.from([0, 255]),
        null,
        'x',
      ],
    ])
    expect(result.rowCount).toBe(1)
  })

  it('reads a FLOAT the same with and without parameters (binary protocol for both)', async () => {
    await connection.execute('CREATE TABLE floats (f FLOAT)', [])
    await connection.execute('INSERT INTO floats VALUES (?)', [3.4028234663852886e38])
    const plain = await connection.execute('SELECT f FROM floats', [])
    const bound = await connection.execute('SELECT f FROM floats WHERE ? = 1', [1])
    expect(plain.rows).toEqual([[3.4028234663852886e38]])
    expect(bound.rows).toEqual(plain.rows)
    await connection.execute('DROP TABLE floats', [])
  })

  it('pins the session time zone to UTC', async () => {
    const result = await connection.execute('SELECT @@session.time_zone', [])
    expect(result.rows).toEqual([['+00:00']])
  })

  it('binds values apart from the SQL text, whatever quotes and backslashes they hold', async () => {
    await connection.execute("SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'", [])
    const tricky = "a\\' OR 1=1 -- \\"
    const result = await connection.execute('SELECT ?', [tricky])
    expect(result.rows).toEqual([[tricky]])
    await connection.execute('SET SESSION sql_mode = DEFAULT', [])
  })

  it('reports affected rows for writes and returned rows for reads', async () => {
    await connection.execute('CREATE TABLE counted (id int PRIMARY KEY, name text)', [])
    const inserted = await connection.execute('INSERT INTO counted VALUES (?, ?), (?, ?)', [
      1,
      'a',
      2,
      'b',
    ])
    expect(inserted).toEqual({ columns: [], rows: [], rowCount: 2 })
    const selected = await connection.execute('SELECT id FROM counted WHERE id > ?', [0])
    expect(selected).toEqual({ columns: ['id'], rows: [[1], [2]], rowCount: 2 })
    await connection.execute('DROP TABLE counted', [])
  })

  it('follows SERVER_STATUS_IN_TRANS from the server', async () => {
    expect(connection.inTransaction?.()).toBe(false)
    await connection.execute('START TRANSACTION', [])
    expect(connection.inTransaction?.()).toBe(true)
    await connection.execute('SAVEPOINT s1', [])
    await connection.execute('RELEASE SAVEPOINT s1', [])
    expect(connection.inTransaction?.()).toBe(true)
    await connection.execute('COMMIT', [])
    expect(connection.inTransaction?.()).toBe(false)
  })

  const SERIES =
    'WITH RECURSIVE s (n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ?) SELECT n FROM s'

  it('maps each row with mapRow as it reads it, and returns only the mapped rows', async () => {
    const seen: string[] = []
    const mapRow = (row: readonly unknown[]) => {
      seen.push(String(row[0]))
      return { n: Number(row[0]) * 10 }
    }
    const result = await connection.execute(SERIES, [4], { mapRow })
    expect(result.mapped).toEqual([{ n: 10 }, { n: 20 }, { n: 30 }, { n: 40 }])
    expect(result.rows).toEqual([])
    expect(result.rowCount).toBe(4)
    expect(seen).toEqual(['1', '2', '3', '4'])
  })

  it('fails the call with what mapRow threw once the answer is in, and the connection goes on', async () => {
    const refused = new Error('row 3 is unreadable')
    const mapRow = (row: readonly unknown[]) => {
      if (String(row[0]) === '3') throw refused
      return row[0]
    }
    await connection.execute('START TRANSACTION', [])
    const failed = await connection
      .execute(SERIES, [500], { mapRow })
      .catch((error: unknown) => error)
    expect(failed).toBe(refused)
    // The rest of the answer was read: the next statement gets its own answer.
    const next = await connection.execute('SELECT ? + 1 AS n', [6])
    expect(next.rows.map((row) => String(row[0]))).toEqual(['7'])
    expect(connection.inTransaction?.()).toBe(true)
    await connection.execute('COMMIT', [])
    expect(connection.inTransaction?.()).toBe(false)
  })

  it('cancels a statement past its timeout and keeps the connection usable', async () => {
    await expect(
      connection.execute('SELECT SLEEP(5) FROM (SELECT 1) AS one WHERE ? = 1', [1], {
        timeoutMs: 50,
      }),
    ).rejects.toMatchObject({ errno: 1969 })
    expect((await connection.execute('SELECT ?', [1])).rows).toEqual([[1]])
  })
})
