import { type Driver, type DriverConnection, mysql } from '@nakedsql/core'
import mysql2 from 'mysql2'
import mysql2Promise from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BinaryField, binaryRowParser } from '../src/binary-rows.js'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>
let driver: Driver
let connection: DriverConnection
/** mysql2 reading rows itself, with the adapter's value options. */
let reference: mysql2Promise.Pool

const COLUMNS = `
  id INT PRIMARY KEY,
  ti TINYINT, tu TINYINT UNSIGNED, b1 TINYINT(1), si SMALLINT, su SMALLINT UNSIGNED,
  mi MEDIUMINT, mu MEDIUMINT UNSIGNED, i INT, iu INT UNSIGNED, bi BIGINT, bu BIGINT UNSIGNED,
  f FLOAT, d DOUBLE, dec0 DECIMAL(65, 30), dec2 DECIMAL(10, 2), yr YEAR,
  dt0 DATETIME, dt3 DATETIME(3), dt6 DATETIME(6), ts6 TIMESTAMP(6) NULL, da DATE, tm TIME(6),
  ch CHAR(4), vc VARCHAR(40), tx TEXT, lt LONGTEXT, en ENUM('a', 'b'), st SET('x', 'y'),
  bt BIT(8), bl BLOB, vb VARBINARY(8), js JSON`

const ROWS = [
  `(1, -128, 255, 1, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
    -9223372036854775808, 18446744073709551615, 3.4e38, -1.5e-300,
    '-12345678901234567890123456789012345.123456789012345678901234567890', '-0.05', 1901,
    '0001-01-01 00:00:00', '0050-02-28 23:59:59.999', '0099-12-31 23:59:59.999999',
    '1970-01-01 00:00:01.000001', '0001-01-01', '-838:59:59.000000',
    'ab', 'é😀', 'line\\nbreak', REPEAT('x', 70000), 'b', 'x,y',
    b'10000001', X'00ff10', X'', '{"a": [1, 2.5, "😀"], "b": null}')`,
  `(2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9007199254740993, 0, 0, 0, '0', '0', 2155,
    '9999-12-31 23:59:59', '9999-12-31 23:59:59.999', '2024-02-29 12:00:00.100000',
    '2038-01-19 03:14:07.999999', '9999-12-31', '838:59:59.999999',
    '', '', '', '', 'a', '', b'0', X'', X'00', '[]')`,
  `(3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, '1', '1', 2000,
    '2024-03-10 12:00:00', '2024-03-10 12:00:00.000', '2024-03-10 12:00:00.000000',
    '2024-03-10 12:00:00.000000', '2024-03-10', '00:00:00',
    'abcd', 'x', 'y', 'z', 'a', 'x', b'1', X'01', X'02', '1')`,
  `(4, ${Array.from({ length: 32 }, () => 'NULL').join(', ')})`,
]

beforeAll(async () => {
  testDatabase = await createTestDatabase('binary_rows')
  driver = mysql2Adapter({ uri: testDatabase.uri, max: 2 })
  connection = await driver.acquire({ timeoutMs: 5000 })
  await connection.execute(`CREATE TABLE every_type (${COLUMNS})`, [])
  await connection.execute(`INSERT INTO every_type VALUES ${ROWS.join(', ')}`, [])
  reference = mysql2Promise.createPool({
    uri: testDatabase.uri,
    connectionLimit: 1,
    rowsAsArray: true,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    jsonStrings: true,
  })
  await reference.query("SET time_zone = '+00:00'")
})

afterAll(async () => {
  await driver.release(connection, { destroy: false })
  await driver.close()
  await reference.end()
  await testDatabase.drop()
})

async function expectSameAsMysql2(sql: string, params: string[] = []) {
  const ours = await connection.execute(sql, params)
  const [theirs, fields] = await reference.execute(sql, params)
  // The adapter's reader, not mysql2's, read these columns.
  expect(binaryRowParser(fields as unknown as BinaryField[])).toBeDefined()
  expect(ours.rows).toEqual(theirs)
  return ours.rows
}

describe('binary rows', () => {
  it('reads every column type, NULLs included, exactly as mysql2 does', async () => {
    const rows = await expectSameAsMysql2('SELECT * FROM every_type ORDER BY id')
    expect(rows).toHaveLength(4)
    expect(rows[0]!.slice(10, 12)).toEqual(['-9223372036854775808', '18446744073709551615'])
    expect(rows[0]!.slice(17, 20)).toEqual([
      '0001-01-01 00:00:00',
      '0050-02-28 23:59:59.999',
      '0099-12-31 23:59:59.999999',
    ])
    expect(rows[1]!.slice(17, 20)).toEqual([
      '9999-12-31 23:59:59',
      '9999-12-31 23:59:59.999',
      '2024-02-29 12:00:00.100000',
    ])
    expect(rows[3]!.slice(1)).toEqual(Array.from({ length: 32 }, () => null))
  })

  it('reads computed dates and times, zero fractions and a NULL bitmap across bytes', async () => {
    await expectSameAsMysql2(
      "SELECT TIMESTAMP '2024-01-02 03:04:05.5', CAST('0007-08-09 10:11:12.345678' AS DATETIME(2)), " +
        "CAST(? AS DATETIME(6)), DATE '0001-01-01', TIME '-01:02:03.25', NULL, NULL, ?, NULL, NULL, " +
        "CAST('2024-01-02' AS DATETIME), CAST('2024-01-02 00:00:00.000' AS DATETIME(3))",
      ['2024-05-06 07:08:09.000001', 'x'],
    )
  })

  it('reads zero dates as mysql2 does', async () => {
    const admin = testDatabase.admin
    await admin.query("SET SESSION sql_mode = ''")
    await admin.query(
      `CREATE TABLE ${testDatabase.database}.zero_dates (dt DATETIME(3), da DATE, ts TIMESTAMP NULL)`,
    )
    await admin.query(
      `INSERT INTO ${testDatabase.database}.zero_dates VALUES ('0000-00-00 00:00:00', '0000-00-00', '0000-00-00 00:00:00')`,
    )
    const rows = await expectSameAsMysql2('SELECT * FROM zero_dates')
    expect(rows).toEqual([['0000-00-00 00:00:00', '0000-00-00', '0000-00-00 00:00:00']])
  })

  it('reads the new columns when a table changes under a cached statement', async () => {
    await connection.execute('CREATE TABLE altered (v INT)', [])
    await connection.execute('INSERT INTO altered VALUES (7)', [])
    expect((await connection.execute('SELECT v FROM altered', [])).rows).toEqual([[7]])
    await connection.execute('ALTER TABLE altered MODIFY v VARCHAR(30)', [])
    await connection.execute("UPDATE altered SET v = '0042-01-02 03:04:05.678'", [])
    await connection.execute('ALTER TABLE altered MODIFY v DATETIME(3)', [])
    expect((await connection.execute('SELECT v FROM altered', [])).rows).toEqual([
      ['0042-01-02 03:04:05.678'],
    ])
  })

  it('reads columns declared timestamps into the Dates the codec makes of their text', async () => {
    const admin = testDatabase.admin
    await admin.query("SET SESSION sql_mode = 'ALLOW_INVALID_DATES'")
    await admin.query(
      `CREATE TABLE ${testDatabase.database}.lenient_dates (dt DATETIME(6), ts TIMESTAMP(3) NULL)`,
    )
    await admin.query(
      `INSERT INTO ${testDatabase.database}.lenient_dates VALUES ('2023-02-31 10:00:00.5', NULL), ('0000-00-00 00:00:00', '0000-00-00 00:00:00'), ('2024-01-02 00:00:00', '2024-01-02 00:00:00.001')`,
    )
    const timestamp = { kind: 'timestamp', withTimeZone: false } as const
    const codec = mysql.codec(timestamp)
    const queries = [
      'SELECT dt0, dt3, dt6, ts6, da, vc FROM every_type ORDER BY id',
      "SELECT CAST('2024-01-02' AS DATETIME), TIMESTAMP '2024-01-02 03:04:05.5', CAST(? AS DATETIME(6)), NULL, NULL, NULL",
      'SELECT dt, ts, dt, ts, dt, ts FROM lenient_dates',
    ]
    let dates = 0
    for (const sql of queries) {
      const params = sql.includes('?') ? ['0007-08-09 10:11:12.999999'] : []
      const text = (await connection.execute(sql, params)).rows
      const declared = await connection.execute(sql, params, {
        mapRow: (row) => [...row],
        columnTypes: [timestamp, timestamp, timestamp, timestamp, timestamp, undefined],
      })
      expect(declared.mapped).toHaveLength(text.length)
      text.forEach((row, r) => {
        const read = declared.mapped![r] as unknown[]
        row.forEach((value, c) => {
          const got = read[c]
          if (got instanceof Date) {
            dates++
            expect(got.getTime(), `${sql} [${r}][${c}] ${value}`).toBe(
              (codec.decode(value) as Date).getTime(),
            )
          } else {
            // Zero dates, DATE and text columns, NULL: as the plain read gave them.
            expect(got, `${sql} [${r}][${c}]`).toEqual(value)
          }
        })
      })
    }
    // Every non-NULL DATETIME and TIMESTAMP value in a declared column but the zero dates
    // (the sixth column is declared nothing): 12 + 3 + 8.
    expect(dates).toBe(23)
    const lenient = await connection.execute(queries[2]!, [], {
      mapRow: (row) => [...row],
      columnTypes: Array.from({ length: 6 }, () => timestamp),
    })
    // February 31st carries over into March, as Date.UTC does.
    const [invalid] = lenient.mapped![0] as Date[]
    expect(invalid!.toISOString()).toBe('2023-03-03T10:00:00.500Z')
    // The reader cached for the statement's text keeps the types it was built for.
    expect((await connection.execute(queries[2]!, [])).rows[0]![0]).toBe(
      '2023-02-31 10:00:00.500000',
    )
  })

  it('hands a mapper one array refilled for each row, and each mapped row keeps its own values', async () => {
    const seen = new Set<readonly unknown[]>()
    const mapped = await connection.execute('SELECT id, vc FROM every_type ORDER BY id', [], {
      mapRow: (row) => {
        seen.add(row)
        return `${row[0]}:${row[1]}`
      },
      columnTypes: [undefined, undefined],
    })
    expect(mapped.mapped).toEqual(['1:é😀', '2:', '3:x', '4:null'])
    expect(seen.size).toBe(1)
    // Unmapped rows are arrays of their own.
    const [first, second] = (await connection.execute('SELECT id FROM every_type', [])).rows
    expect(first).not.toBe(second)
  })

  it('leaves a column name mysql2 refuses to mysql2, which refuses it', async () => {
    // The refusal closes the connection (as mysql2's own reader always did): use another one.
    const doomed = await driver.acquire({ timeoutMs: 5000 })
    await expect(doomed.execute('SELECT 1 AS `__lookupGetter__`', [])).rejects.toThrow(
      /private property/,
    )
    await driver.release(doomed, { destroy: true })
  })

  it('hooks the parser through the Execute command mysql2 returns (installed version)', async () => {
    const plain = mysql2.createConnection({ uri: testDatabase.uri })
    try {
      const command = await new Promise<unknown>((resolve, reject) => {
        const returned = plain.execute('SELECT 1', (error) =>
          error ? reject(error) : resolve(returned),
        )
      })
      expect(typeof (command as { buildParserFromFields?: unknown }).buildParserFromFields).toBe(
        'function',
      )
    } finally {
      plain.destroy()
    }
  })
})

describe('mysql timestamp codec', () => {
  const timestamp = mysql.codec({ kind: 'timestamp', withTimeZone: false })

  it('reads the adapter text at every year, truncating past milliseconds', () => {
    const cases: [string, string][] = [
      ['0001-01-01 00:00:00', '0001-01-01T00:00:00.000Z'],
      ['0004-02-29 01:02:03.4', '0004-02-29T01:02:03.400Z'],
      ['0050-02-28 23:59:59.999', '0050-02-28T23:59:59.999Z'],
      ['0099-12-31 23:59:59.999999', '0099-12-31T23:59:59.999Z'],
      ['0100-01-01 00:00:00.05', '0100-01-01T00:00:00.050Z'],
      ['1970-01-01 00:00:00.000001', '1970-01-01T00:00:00.000Z'],
      ['9999-12-31 23:59:59.999', '9999-12-31T23:59:59.999Z'],
    ]
    for (const [text, iso] of cases) {
      expect((timestamp.decode(text) as Date).toISOString(), text).toBe(iso)
    }
    expect(timestamp.decode(null)).toBeNull()
  })

  it('reads other forms through the general parser', () => {
    expect((timestamp.decode('2024-01-02T03:04:05Z') as Date).toISOString()).toBe(
      '2024-01-02T03:04:05.000Z',
    )
    expect((timestamp.decode('2024-01-02') as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z')
    expect(() => timestamp.decode('2024-01-02 03:04:0x')).toThrow()
  })
})
