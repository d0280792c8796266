import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifyMysqlError } from '../../src/dialect/mysql/classify-error.js'
import { mysqlCodec } from '../../src/dialect/mysql/codecs.js'
import {
  CheckViolationError,
  CommitOutcomeUnknownError,
  ConnectionLostError,
  DeadlockError,
  ForeignKeyViolationError,
  NotNullViolationError,
  ReadOnlyTransactionError,
  UniqueViolationError,
} from '../../src/index.js'
import { comparable, ROUND_TRIP_CASES } from './round-trip-values.js'
import { inEachTimeZone } from './time-zones.js'

/*
 * Codecs against a real MariaDB, with mysql2 configured as the mysql2 adapter does: dates
 * as strings, big numbers as strings, the session time zone pinned to UTC. Both protocols
 * are checked (query: text, execute: binary prepared statements).
 *
 * The text protocol prints a FLOAT with 6 significant digits, so `real` values with more
 * digits survive only the binary protocol: the adapter must send statements with execute().
 */

const url = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
const database = `codecs_${Math.random().toString(36).slice(2, 10)}`
let connection: mysql.Connection

const COLUMNS: Record<string, string> = {
  i: 'int',
  b: 'bigint',
  r: 'float',
  d: 'double',
  n: 'decimal(40, 10)',
  m: 'decimal(8, 2)',
  nn: 'decimal(65, 30)',
  bo: 'tinyint(1)',
  t: 'longtext',
  vc: 'varchar(10)',
  u: 'char(36)',
  dt: 'date',
  tm: 'time(6)',
  ts: 'datetime(3)',
  // TIMESTAMP converts between the session zone and UTC: the trap a pinned zone avoids.
  tstz: 'timestamp(3) null',
  j: 'json',
  bl: 'longblob',
  e: `enum('happy', 'sad', 'ünïcode 😀')`,
}

beforeAll(async () => {
  connection = await mysql.createConnection({
    uri: url,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    timezone: 'Z',
    // MariaDB marks JSON columns in its metadata and mysql2 would parse them: a top-level
    // JSON string would then be parsed twice.
    jsonStrings: true,
    charset: 'utf8mb4_unicode_ci',
  })
  await connection.query(
    `create database ${database} character set utf8mb4 collate utf8mb4_unicode_ci`,
  )
  await connection.query(`use ${database}`)
  await connection.query(`set time_zone = '+00:00'`)
  const columns = Object.entries(COLUMNS).map(([name, type]) => `${name} ${type}`)
  await connection.query(`create table v (id int primary key, ${columns.join(', ')})`)
})

/** Runs one statement through the text (query) or binary (execute) protocol, rows as arrays. */
async function run(
  protocol: 'query' | 'execute',
  sql: string,
  values: unknown[] = [],
): Promise<unknown[][]> {
  const options = { sql, values: values as never, rowsAsArray: true }
  const [rows] =
    protocol === 'query' ? await connection.query(options) : await connection.execute(options)
  return rows as unknown[][]
}

afterAll(async () => {
  await connection.query(`drop database ${database}`)
  await connection.end()
})

inEachTimeZone(() => {
  for (const protocol of ['query', 'execute'] as const) {
    describe(`round trip through mysql2 ${protocol}()`, () => {
      const cases = ROUND_TRIP_CASES.filter((c) => protocol === 'execute' || c.column !== 'r')
      it.each(cases.map((c) => [c.column, c] as const))(
        '%s',
        async (_, { column, type, values }) => {
          const codec = mysqlCodec(type)
          await connection.query('delete from v')
          const rows: (readonly [unknown, unknown])[] = [...values, [null, null]]
          for (const [id, [written]] of rows.entries()) {
            await run(protocol, `insert into v (id, ${column}) values (?, ?)`, [
              id,
              codec.encode(written),
            ])
          }
          const read = await run(protocol, `select ${column} from v order by id`)
          expect(read.map(([v]) => comparable(codec.decode(v)))).toStrictEqual(
            rows.map(([, back]) => comparable(back)),
          )
        },
      )
    })
  }

  it('loses FLOAT digits through the text protocol (why the adapter uses execute())', async () => {
    const codec = mysqlCodec({ kind: 'real' })
    const value = 3.4028234663852886e38
    await connection.query('delete from v')
    await run('execute', 'insert into v (id, r) values (1, ?)', [codec.encode(value)])
    const text = await run('query', 'select r from v')
    const binary = await run('execute', 'select r from v')
    expect(codec.decode(text[0]?.[0])).not.toBe(value)
    expect(codec.decode(binary[0]?.[0])).toBe(value)
  })

  it('stores a TIMESTAMP at its true instant (the server agrees on the epoch)', async () => {
    const codec = mysqlCodec({ kind: 'timestamp', withTimeZone: true })
    const at = new Date(Date.UTC(2024, 6, 1, 12, 0, 0, 123))
    await connection.query('delete from v')
    await run('execute', 'insert into v (id, tstz) values (1, ?)', [codec.encode(at)])
    const rows = await run('query', 'select unix_timestamp(tstz) from v')
    expect(Number(rows[0]?.[0])).toBe(at.getTime() / 1000)
  })

  it('compares a bigint parameter beyond 2^53 exactly', async () => {
    const codec = mysqlCodec({ kind: 'bigint' })
    await connection.query('delete from v')
    await connection.query(
      'insert into v (id, b) values (1, 9007199254740992), (2, 9007199254740993)',
    )
    for (const protocol of ['query', 'execute'] as const) {
      const rows = await run(protocol, 'select id from v where b = ?', [
        codec.encode(9007199254740993n),
      ])
      expect(rows).toStrictEqual([[2]])
    }
  })
})

describe('classifyMysqlError with real server errors', () => {
  beforeAll(async () => {
    await connection.query('create table parent (id int primary key) engine=InnoDB')
    await connection.query(
      'create table child (id int primary key, parent_id int, name text not null, qty int, constraint child_parent foreign key (parent_id) references parent (id), constraint qty_positive check (qty > 0)) engine=InnoDB',
    )
    await connection.query('insert into parent values (1)')
    await connection.query(`insert into child values (1, 1, 'a', 1)`)
  })

  async function failure(sql: string, on: mysql.Connection = connection): Promise<unknown> {
    try {
      await on.query(sql)
    } catch (e) {
      return e
    }
    throw new Error(`expected ${sql} to fail`)
  }

  it.each([
    [`insert into child values (1, 1, 'dup', 1)`, UniqueViolationError, '1062', 'PRIMARY'],
    [`insert into child values (2, 99, 'x', 1)`, ForeignKeyViolationError, '1452', 'child_parent'],
    ['delete from parent', ForeignKeyViolationError, '1451', 'child_parent'],
    [`insert into child values (3, 1, null, 1)`, NotNullViolationError, '1048', undefined],
    [`insert into child values (4, 1, 'x', 0)`, CheckViolationError, '4025', 'qty_positive'],
  ])('%s', async (sql, cls, code, constraint) => {
    const cause = await failure(sql)
    const error = classifyMysqlError(cause, 'statement')
    expect(error).toBeInstanceOf(cls)
    expect(error).toMatchObject({ code, phase: 'statement', retryable: false, cause })
    expect(error.message).toContain((cause as { sqlMessage: string }).sqlMessage)
    if (constraint) expect(error).toMatchObject({ constraint })
  })

  it('classifies a write in a read-only transaction', async () => {
    await connection.query('start transaction read only')
    try {
      const error = classifyMysqlError(await failure('insert into parent values (5)'), 'statement')
      expect(error).toBeInstanceOf(ReadOnlyTransactionError)
      expect(error.code).toBe('1792')
    } finally {
      await connection.query('rollback')
    }
  })

  it('classifies a connection the server killed as lost, and as outcome unknown at COMMIT', async () => {
    const victim = await mysql.createConnection({ uri: url })
    victim.on('error', () => {})
    const [[id]] = (
      await victim.query({ sql: 'select connection_id()', rowsAsArray: true })
    )[0] as [[number]]
    await connection.query(`kill connection ${Number(id)}`)
    const cause = await failure('select 1', victim)
    victim.destroy()
    const lost = classifyMysqlError(cause, 'statement')
    expect(lost).toBeInstanceOf(ConnectionLostError)
    expect(lost).toMatchObject({ retryable: true, cause })
    // Whether mysql2 saw the socket close before 'select 1' is a race. When it had, it never
    // sent the command, so a COMMIT refused the same way is a definite failure; when the
    // command went out on the dying socket, a COMMIT's outcome would be unknown.
    const neverSent = /connection is in closed state/i.test((cause as Error).message)
    expect(classifyMysqlError(cause, 'commit')).toBeInstanceOf(
      neverSent ? ConnectionLostError : CommitOutcomeUnknownError,
    )
    expect(classifyMysqlError(cause, 'commit')).toMatchObject({ phase: 'commit', cause })
  })

  it('classifies a real deadlock as retryable', async () => {
    await connection.query('insert into parent values (10), (11)')
    const other = await mysql.createConnection({ uri: url, database })
    try {
      await connection.query('start transaction')
      await other.query('start transaction')
      await connection.query('update parent set id = id where id = 10')
      await other.query('update parent set id = id where id = 11')
      const blocked = connection.query('update parent set id = id where id = 11').then(
        () => undefined,
        (e: unknown) => e,
      )
      // Give the first lock wait time to register before closing the cycle.
      await new Promise((r) => setTimeout(r, 200))
      const second = await failure('update parent set id = id where id = 10', other).catch(
        () => undefined,
      )
      const errors = [await blocked, second].filter((e) => e !== undefined)
      expect(errors).toHaveLength(1)
      const error = classifyMysqlError(errors[0], 'statement')
      expect(error).toBeInstanceOf(DeadlockError)
      expect(error).toMatchObject({ code: '1213', retryable: true })
    } finally {
      await connection.query('rollback')
      await other.query('rollback')
      await other.end()
    }
  })
})
