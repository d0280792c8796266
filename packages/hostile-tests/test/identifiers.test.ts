import {
  alias,
  bundle,
  CompileError,
  createAll,
  dropAll,
  eq,
  insert,
  integer,
  NakedSqlError,
  select,
  sql,
  table,
  text,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fuzz, hasLoneSurrogate, hostileText, RUNS, timeoutFor } from './support/fuzz.js'
import { type Opened, targets } from './support/targets.js'

const victim = table('victim', { id: integer().primaryKey(), t: text() })

const utf8 = new TextEncoder()

/** Names built to break quoting: quote characters, dots, placeholders, NUL, long, astral. */
const hostileName = fc.oneof(
  { weight: 4, arbitrary: hostileText.filter((s) => s.length > 0) },
  fc.constantFrom(
    'victim',
    'victim"; DROP TABLE victim; --',
    'victim`; DROP TABLE victim; --',
    "victim'; DROP TABLE victim; --",
    'a.b',
    '"',
    '``',
    '?',
    '$1',
    ':name',
    'a\0b',
    '\uD800',
    'a\uDC00b',
    '𝄞',
    'é'.repeat(32),
    'x'.repeat(63),
    'x'.repeat(64),
    'x'.repeat(65),
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
)

/** Why `name` cannot be used, where nakedsql knows before the database does. */
function refusedByNakedsql(dialect: string, name: string): boolean {
  if (name.includes('\0') || hasLoneSurrogate(name)) return true
  if (dialect === 'mysql') return /[\u{10000}-\u{10FFFF}]/u.test(name)
  return dialect === 'postgres' && utf8.encode(name).length > 63
}

describe.each(targets)('hostile identifiers on $name', (target) => {
  let o: Opened
  let dialect: string
  const victimRows = async () =>
    o.db.begin(async (s) => (await s.tuples(select(victim.id, victim.t).from(victim))).all())

  beforeAll(async () => {
    o = await target.open('identifiers')
    dialect = o.driver.dialect.name
    await o.db.begin(async (s) => {
      for (const statement of createAll([victim])) await s.execute(statement)
      await s.execute(
        insert(victim).values([
          { id: 1, t: 'a' },
          { id: 2, t: 'b' },
        ]),
      )
    })
  })
  afterAll(() => o?.close())

  test(
    'a hostile alias, bundle field or sql.identifier() name is quoted: the value comes back under exactly that name',
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileName, async (name) => {
          const v = alias(victim, name)
          const statements = [
            () => select(v.t).from(v).where(eq(v.id, 1)),
            () =>
              select(bundle({ [name]: victim.t }))
                .from(victim)
                .where(eq(victim.id, 1)),
            () => sql`select ${'a'} as ${sql.identifier(name)}`,
          ] as const
          if (refusedByNakedsql(dialect, name)) {
            for (const build of statements) {
              const before = o.driver.sent.length
              await expect(o.db.begin((s) => s.execute(build()))).rejects.toBeInstanceOf(
                CompileError,
              )
              expect(o.driver.sent.slice(before).filter((t) => !t.startsWith('<'))).toEqual(
                expect.not.arrayContaining([expect.stringContaining('victim')]),
              )
            }
            return
          }
          await o.db.begin(async (s) => {
            expect((await s.scalars(statements[0]())).all()).toEqual(['a'])
            const [[fields]] = (await s.tuples(statements[1]())).all() as [
              [Record<string, unknown>],
            ]
            expect(Object.keys(fields)).toEqual([name])
            expect(Object.getOwnPropertyDescriptor(fields, name)?.value).toBe('a')
            expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
          })
          // Raw SQL: the server may refuse a name it cannot hold (MariaDB: 64 characters, no
          // trailing space), with a classified error.
          try {
            const rows = await o.db.begin(async (s) => (await s.execute(statements[2]())).all())
            expect(rows).toEqual([['a']])
          } catch (e) {
            expect(e).toBeInstanceOf(NakedSqlError)
            expect(dialect).toBe('mysql')
          }
        }),
        fuzz(),
      )
      expect(await victimRows()).toEqual([
        [1, 'a'],
        [2, 'b'],
      ])
    },
    timeoutFor(),
  )

  // DDL per case is slow on MariaDB (tens of ms), so this property runs a tenth of the cases.
  const ddlRuns = Math.max(20, Math.ceil(RUNS / 10))
  test(
    `tables and columns with hostile names are created, written, read and dropped as exactly those names (${ddlRuns} cases)`,
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileName, hostileName, async (tableName, columnName) => {
          fc.pre(tableName !== 'victim')
          const t = table(tableName, { id: integer().primaryKey(), c: text().named(columnName) })
          const ddlRefused =
            refusedByNakedsql(dialect, tableName) || refusedByNakedsql(dialect, columnName)
          if (ddlRefused) {
            const before = o.driver.sent.length
            await expect(
              o.db.begin(async (s) => {
                for (const st of createAll([t])) await s.execute(st)
              }),
            ).rejects.toBeInstanceOf(CompileError)
            expect(
              o.driver.sent.slice(before).filter((x) => !/^<|^BEGIN|^START|^ROLLBACK/i.test(x)),
            ).toEqual([])
            return
          }
          let created = false
          try {
            await o.db.begin(async (s) => {
              for (const st of createAll([t])) await s.execute(st)
            })
            created = true
          } catch (e) {
            // Only MariaDB refuses names here (longer than 64 characters, trailing spaces),
            // and with a classified error.
            expect(e).toBeInstanceOf(NakedSqlError)
            expect(dialect).toBe('mysql')
          }
          if (!created) return
          try {
            await o.db.begin(async (s) => {
              await s.execute(insert(t).values({ id: 7, c: columnName }))
              expect((await s.tuples(select(t.id, t.c).from(t))).all()).toEqual([[7, columnName]])
              const [row] = (await s.scalars(select(t))).all()
              expect(row).toEqual({ id: 7, c: columnName })
            })
          } finally {
            await o.db.begin(async (s) => {
              for (const st of dropAll([t])) await s.execute(st)
            })
          }
        }),
        fuzz(ddlRuns),
      )
      expect(await victimRows()).toEqual([
        [1, 'a'],
        [2, 'b'],
      ])
    },
    timeoutFor(ddlRuns, 600),
  )
})
