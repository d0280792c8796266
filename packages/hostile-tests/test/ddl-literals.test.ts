import {
  CompileError,
  createAll,
  dropAll,
  eq,
  insert,
  integer,
  select,
  sql,
  table,
  text,
  view,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anyHostileText, fuzz, hasLoneSurrogate, RUNS, timeoutFor } from './support/fuzz.js'
import { type Opened, targets } from './support/targets.js'

/*
 * DDL is the one place values are written into the SQL text (PostgreSQL binds no parameters
 * there, no database binds them in a DEFAULT): a view's constants and a column default go
 * through the compiler's literal renderer. The literal must mean the same value whatever
 * the server's mode, above all MariaDB's NO_BACKSLASH_ESCAPES.
 */

const items = table('items', { id: integer().primaryKey(), t: text().notNull() })
const ROWS = ['a', 'a\\b', 'a\\\\b', "it's", "\\'", '\\', '%', '', 'x']

/** A literal no database stores unchanged is refused while compiling. */
const refused = (s: string) => s.includes('\0') || hasLoneSurrogate(s)

describe.each(targets)('DDL literals on $name', (target) => {
  let o: Opened
  const padSpace = target.name.startsWith('MariaDB')
  const same = (a: string, b: string) =>
    padSpace ? a.replace(/ +$/, '') === b.replace(/ +$/, '') : a === b

  beforeAll(async () => {
    o = await target.open('ddl')
    await o.db.begin(async (s) => {
      for (const statement of createAll([items])) await s.execute(statement)
      await s.execute(insert(items).values(ROWS.map((t, i) => ({ id: i + 1, t }))))
    })
  })
  afterAll(() => o?.close())

  // DDL per case is slow on MariaDB, so these run a tenth of the cases.
  const runs = Math.max(20, Math.ceil(RUNS / 10))

  test(
    `a view's constant selects exactly the rows equal to it, in every sql_mode (${runs} cases)`,
    async () => {
      let n = 0
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constantFrom(...ROWS), anyHostileText), async (literal) => {
          const v = view(`v${n++}`, select(items.id).from(items).where(eq(items.t, literal)))
          if (refused(literal)) {
            expect(() => createAll([v]).map((st) => st.compile(o.driver.dialect))).toThrow(
              CompileError,
            )
            return
          }
          await o.db.begin(async (s) => {
            for (const st of createAll([v])) await s.execute(st)
          })
          try {
            const ids = await o.db.begin(async (s) =>
              (await s.scalars(select(v.id).from(v).orderBy(v.id))).all(),
            )
            expect(ids).toEqual(ROWS.flatMap((r, i) => (same(r, literal) ? [i + 1] : [])))
          } finally {
            await o.db.begin(async (s) => {
              for (const st of dropAll([v])) await s.execute(st)
            })
          }
        }),
        fuzz(runs),
      )
    },
    timeoutFor(runs, 600),
  )

  test(
    `a text column's default is stored exactly as given, in every sql_mode (${runs} cases)`,
    async () => {
      let n = 0
      await fc.assert(
        fc.asyncProperty(fc.oneof(fc.constantFrom(...ROWS), anyHostileText), async (literal) => {
          const t = table(`d${n++}`, { id: integer().primaryKey(), t: text().default(literal) })
          if (refused(literal)) {
            expect(() => createAll([t]).map((st) => st.compile(o.driver.dialect))).toThrow(
              CompileError,
            )
            return
          }
          await o.db.begin(async (s) => {
            for (const st of createAll([t])) await s.execute(st)
          })
          try {
            // Raw SQL leaves the column to the database's DEFAULT (the builder would bind it).
            const stored = await o.db.begin(async (s) => {
              await s.execute(sql`insert into ${sql.identifier(t.$def.name)} (id) values (${1})`)
              return (await s.scalars(select(t.t).from(t))).one()
            })
            expect(stored).toBe(literal)
          } finally {
            await o.db.begin(async (s) => {
              for (const st of dropAll([t])) await s.execute(st)
            })
          }
        }),
        fuzz(runs),
      )
    },
    timeoutFor(runs, 600),
  )
})
