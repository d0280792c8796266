import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifyPostgresError } from '../../src/dialect/postgres/classify-error.js'
import { postgresCodec } from '../../src/dialect/postgres/codecs.js'
import {
  CheckViolationError,
  CommitOutcomeUnknownError,
  ConnectionLostError,
  ForeignKeyViolationError,
  NotNullViolationError,
  QueryTimeoutError,
  ReadOnlyTransactionError,
  TransactionAbortedError,
  UniqueViolationError,
} from '../../src/index.js'
import { comparable, ROUND_TRIP_CASES } from './round-trip-values.js'
import { inEachTimeZone } from './time-zones.js'

/*
 * Codecs against a real PostgreSQL, with node-postgres configured as the pg adapter does:
 * every type parser returns the server's text. The session TimeZone is set to a zone that
 * is neither UTC nor the process zone, so no conversion can hide behind a matching default.
 */

const url = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const schema = `codecs_${Math.random().toString(36).slice(2, 10)}`
const raw = { getTypeParser: () => (value: string) => value }
let client: pg.Client

const COLUMNS: Record<string, string> = {
  i: 'integer',
  b: 'bigint',
  r: 'real',
  d: 'double precision',
  n: 'numeric(40, 10)',
  m: 'numeric(8, 2)',
  nn: 'numeric',
  bo: 'boolean',
  t: 'text',
  vc: 'varchar(10)',
  u: 'uuid',
  dt: 'date',
  tm: 'time(6)',
  ts: 'timestamp(3)',
  tstz: 'timestamptz(3)',
  j: 'jsonb',
  bl: 'bytea',
  e: 'codec_mood',
}

async function query(text: string, values: unknown[] = []): Promise<unknown[][]> {
  const result = await client.query({ text, values, rowMode: 'array', types: raw })
  return result.rows as unknown[][]
}

beforeAll(async () => {
  client = new pg.Client({ connectionString: url })
  await client.connect()
  await query(`create schema ${schema}`)
  await query(`set search_path to ${schema}`)
  await query(`set timezone to 'Asia/Kolkata'`)
  await query(`create type codec_mood as enum ('happy', 'sad', 'ünïcode 😀')`)
  const columns = Object.entries(COLUMNS).map(([name, type]) => `${name} ${type}`)
  await query(`create table v (id integer primary key, ${columns.join(', ')})`)
})

afterAll(async () => {
  await query(`drop schema ${schema} cascade`)
  await client.end()
})

inEachTimeZone(() => {
  describe('round trip through node-postgres with type parsers off', () => {
    it.each(ROUND_TRIP_CASES.map((c) => [c.column, c] as const))(
      '%s',
      async (_, { column, type, values }) => {
        expect(COLUMNS[column]).toBeDefined()
        const codec = postgresCodec(type)
        await query('delete from v')
        const rows: (readonly [unknown, unknown])[] = [...values, [null, null]]
        for (const [id, [written]] of rows.entries()) {
          await query(`insert into v (id, ${column}) values ($1, $2)`, [id, codec.encode(written)])
        }
        const read = await query(`select ${column} from v order by id`)
        expect(read.map(([v]) => comparable(codec.decode(v)))).toStrictEqual(
          rows.map(([, back]) => comparable(back)),
        )
      },
    )

    it('reads a timestamptz written by the database in the session zone as the same instant', async () => {
      const codec = postgresCodec({ kind: 'timestamp', withTimeZone: true })
      const [[now, epochMs]] = (await query(
        `select x, (extract(epoch from x) * 1000)::bigint from (select timestamptz '2024-07-01 12:00:00.123+02' as x) s`,
      )) as [[string, string]]
      expect(now).toMatch(/\+05:30$/)
      expect((codec.decode(now) as Date).getTime()).toBe(Number(epochMs))
    })
  })
})

describe('classifyPostgresError with real server errors', () => {
  beforeAll(async () => {
    await query('create table parent (id integer primary key)')
    await query(
      'create table child (id integer primary key, parent_id integer references parent (id), name text not null, qty integer constraint qty_positive check (qty > 0))',
    )
    await query('insert into parent values (1)')
    await query(`insert into child values (1, 1, 'a', 1)`)
  })

  async function failure(text: string): Promise<unknown> {
    try {
      await query(text)
    } catch (e) {
      return e
    }
    throw new Error(`expected ${text} to fail`)
  }

  it.each([
    [`insert into child values (1, 1, 'dup', 1)`, UniqueViolationError, '23505', 'child_pkey'],
    [
      `insert into child values (2, 99, 'x', 1)`,
      ForeignKeyViolationError,
      '23503',
      'child_parent_id_fkey',
    ],
    ['insert into child (id, qty) values (3, 1)', NotNullViolationError, '23502', undefined],
    [`insert into child values (4, 1, 'x', 0)`, CheckViolationError, '23514', 'qty_positive'],
  ])('%s', async (text, cls, code, constraint) => {
    const cause = await failure(text)
    const error = classifyPostgresError(cause, 'statement')
    expect(error).toBeInstanceOf(cls)
    expect(error).toMatchObject({ code, phase: 'statement', retryable: false, cause })
    expect(error.message).toContain((cause as Error).message)
    if (constraint) expect(error).toMatchObject({ constraint })
  })

  it('classifies a write in a read-only transaction, then the aborted transaction', async () => {
    await query('begin read only')
    try {
      const readOnly = classifyPostgresError(
        await failure('insert into parent values (2)'),
        'statement',
      )
      expect(readOnly).toBeInstanceOf(ReadOnlyTransactionError)
      const aborted = classifyPostgresError(await failure('select 1'), 'statement')
      expect(aborted).toBeInstanceOf(TransactionAbortedError)
      expect(aborted.code).toBe('25P02')
    } finally {
      await query('rollback')
    }
  })

  it('classifies a statement timeout', async () => {
    await query(`set statement_timeout = '50ms'`)
    try {
      const error = classifyPostgresError(await failure('select pg_sleep(5)'), 'statement')
      expect(error).toBeInstanceOf(QueryTimeoutError)
      expect(error.code).toBe('57014')
    } finally {
      await query('set statement_timeout = 0')
    }
  })

  it('classifies a connection the server terminated as lost, and as outcome unknown at COMMIT', async () => {
    const victim = new pg.Client({ connectionString: url })
    await victim.connect()
    victim.on('error', () => {})
    const [[pid]] = (await victim.query({ text: 'select pg_backend_pid()', rowMode: 'array' }))
      .rows as [[number]]
    // The victim's statement is in flight when its backend goes: a statement pg refused
    // because it had already seen the connection die was never sent, which is another case.
    const inFlight = victim.query('select pg_sleep(30)').then(
      () => undefined,
      (e: unknown) => e,
    )
    await query('select pg_terminate_backend($1)', [pid])
    const cause = await inFlight
    await victim.end().catch(() => {})
    const lost = classifyPostgresError(cause, 'statement')
    expect(lost).toBeInstanceOf(ConnectionLostError)
    expect(lost).toMatchObject({ retryable: true, phase: 'statement', cause })
    const unknown = classifyPostgresError(cause, 'commit')
    expect(unknown).toBeInstanceOf(CommitOutcomeUnknownError)
    expect(unknown.retryable).toBe(false)
  })

  it('passes an already classified error through unchanged', async () => {
    const error = classifyPostgresError(await failure('insert into parent values (1)'), 'statement')
    expect(classifyPostgresError(error, 'commit')).toBe(error)
  })
})
