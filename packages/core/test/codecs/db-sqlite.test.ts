import { rmSync } from 'node:fs'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { classifySqliteError } from '../../src/dialect/sqlite/classify-error.js'
import { sqliteCodec } from '../../src/dialect/sqlite/codecs.js'
import {
  CheckViolationError,
  ConnectionLostError,
  ForeignKeyViolationError,
  LockTimeoutError,
  NotNullViolationError,
  ReadOnlyTransactionError,
  UniqueViolationError,
} from '../../src/index.js'
import { comparable, ROUND_TRIP_CASES } from './round-trip-values.js'
import { inEachTimeZone } from './time-zones.js'

/*
 * Codecs against a real SQLite through better-sqlite3, configured as the adapter does:
 * safe integers (every INTEGER comes back as bigint) and raw array rows. Decimals, dates,
 * times and timestamps live in TEXT columns.
 */

let db: Database.Database

const COLUMNS: Record<string, string> = {
  i: 'integer',
  b: 'integer',
  r: 'real',
  d: 'real',
  n: 'text',
  m: 'text',
  nn: 'text',
  bo: 'integer',
  t: 'text',
  vc: 'text',
  u: 'text',
  dt: 'text',
  tm: 'text',
  ts: 'text',
  tstz: 'text',
  j: 'text',
  bl: 'blob',
  e: 'text',
}

beforeAll(() => {
  db = new Database(':memory:')
  db.defaultSafeIntegers(true)
  db.pragma('foreign_keys = on')
  const columns = Object.entries(COLUMNS).map(([name, type]) => `${name} ${type}`)
  db.exec(`create table v (id integer primary key, ${columns.join(', ')})`)
})

afterAll(() => db.close())

inEachTimeZone(() => {
  describe('round trip through better-sqlite3 with safe integers', () => {
    it.each(ROUND_TRIP_CASES.map((c) => [c.column, c] as const))(
      '%s',
      (_, { column, type, values }) => {
        const codec = sqliteCodec(type)
        db.exec('delete from v')
        const rows: (readonly [unknown, unknown])[] = [...values, [null, null]]
        const insert = db.prepare(`insert into v (id, ${column}) values (?, ?)`)
        for (const [id, [written]] of rows.entries()) insert.run(id, codec.encode(written))
        const read = db
          .prepare(`select ${column} from v order by id`)
          .raw(true)
          .all() as unknown[][]
        expect(read.map(([v]) => comparable(codec.decode(v)))).toStrictEqual(
          rows.map(([, back]) => comparable(back)),
        )
      },
    )

    it('writes timestamps as text that SQLite date functions read as the same instant', () => {
      const codec = sqliteCodec({ kind: 'timestamp', withTimeZone: false })
      const at = new Date(Date.UTC(1950, 5, 15, 12, 0, 0, 250))
      const [ms] = db
        .prepare(`select cast(round((julianday(?) - 2440587.5) * 86400000) as integer)`)
        .raw(true)
        .get(codec.encode(at)) as [bigint]
      expect(Number(ms)).toBe(at.getTime())
    })
  })
})

describe('classifySqliteError with real SQLite errors', () => {
  beforeAll(() => {
    db.exec(`
      create table parent (id integer primary key);
      create table child (id integer primary key, parent_id integer references parent (id),
        name text not null, qty integer constraint qty_positive check (qty > 0));
      insert into parent values (1);
      insert into child values (1, 1, 'a', 1);
    `)
  })

  function failure(run: () => unknown): unknown {
    try {
      run()
    } catch (e) {
      return e
    }
    throw new Error('expected a failure')
  }

  it.each([
    [
      `insert into child values (1, 1, 'dup', 1)`,
      UniqueViolationError,
      'SQLITE_CONSTRAINT_PRIMARYKEY',
    ],
    [
      `insert into child values (2, 99, 'x', 1)`,
      ForeignKeyViolationError,
      'SQLITE_CONSTRAINT_FOREIGNKEY',
    ],
    [
      'insert into child (id, qty) values (3, 1)',
      NotNullViolationError,
      'SQLITE_CONSTRAINT_NOTNULL',
    ],
    [`insert into child values (4, 1, 'x', 0)`, CheckViolationError, 'SQLITE_CONSTRAINT_CHECK'],
  ])('%s', (sql, cls, code) => {
    const cause = failure(() => db.exec(sql))
    const error = classifySqliteError(cause, 'statement')
    expect(error).toBeInstanceOf(cls)
    expect(error).toMatchObject({ code, phase: 'statement', retryable: false, cause })
    expect(error.message).toContain((cause as Error).message)
  })

  it('classifies a write under query_only as a read-only transaction error', () => {
    db.pragma('query_only = 1')
    try {
      const error = classifySqliteError(
        failure(() => db.exec('insert into parent values (2)')),
        'statement',
      )
      expect(error).toBeInstanceOf(ReadOnlyTransactionError)
    } finally {
      db.pragma('query_only = 0')
    }
  })

  it('classifies SQLITE_BUSY as a lock timeout, retryable only at BEGIN', () => {
    const file = `${process.env.TMPDIR ?? '/tmp'}/codecs-busy-${process.pid}-${Date.now()}.db`
    const a = new Database(file)
    const b = new Database(file, { timeout: 0 })
    try {
      a.exec('create table t (x); begin immediate; insert into t values (1)')
      const cause = failure(() => b.exec('begin immediate'))
      expect(classifySqliteError(cause, 'begin')).toMatchObject({
        code: 'SQLITE_BUSY',
        retryable: true,
      })
      expect(classifySqliteError(cause, 'statement')).toBeInstanceOf(LockTimeoutError)
      expect(classifySqliteError(cause, 'statement').retryable).toBe(false)
    } finally {
      a.close()
      b.close()
      for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true })
    }
  })

  it('classifies use of a closed database as a lost connection', () => {
    const closed = new Database(':memory:')
    closed.close()
    const error = classifySqliteError(
      failure(() => closed.exec('select 1')),
      'statement',
    )
    expect(error).toBeInstanceOf(ConnectionLostError)
  })

  // libSQL is not a dependency of core; these objects have the fields @libsql/client's
  // LibsqlError carries (the libsql adapter's contract run checks the real ones).
  it.each([
    [
      { code: 'SQLITE_CONSTRAINT', extendedCode: 'SQLITE_CONSTRAINT_UNIQUE', message: 'x' },
      UniqueViolationError,
    ],
    [{ code: 'SQLITE_CONSTRAINT', rawCode: 787, message: 'x' }, ForeignKeyViolationError],
    [
      {
        code: 'SQLITE_CONSTRAINT',
        message: 'SQLITE_CONSTRAINT: SQLite error: NOT NULL constraint failed: t.x',
      },
      NotNullViolationError,
    ],
  ])('reads libSQL error shape %o', (shape, cls) => {
    const cause = Object.assign(new Error(shape.message), shape)
    expect(classifySqliteError(cause, 'statement')).toBeInstanceOf(cls)
  })
})
