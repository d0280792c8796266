import {
  createAll,
  eq,
  inList,
  insert,
  integer,
  json,
  ParameterError,
  param,
  select,
  sql,
  table,
  text,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRefusedBeforeDatabase } from './support/errors.js'
import { anyHostileText, fuzz, hasLoneSurrogate, hostileText, timeoutFor } from './support/fuzz.js'
import { type Opened, targets } from './support/targets.js'

const docs = table('docs', { id: integer().primaryKey(), t: text(), j: json() })

/** param() names, including the ones every object inherits. */
const paramName = fc.oneof(
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,8}$/),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'p1', 'n'),
)

describe.each(targets)('parameters on $name', (target) => {
  let o: Opened

  beforeAll(async () => {
    o = await target.open('params')
    await o.db.begin(async (s) => {
      for (const statement of createAll([docs])) await s.execute(statement)
    })
  })
  afterAll(() => o?.close())

  test(
    'a missing or extra named parameter is a ParameterError before the database, never NULL or an inherited value',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(paramName, { minLength: 1, maxLength: 4 }),
          fc.uniqueArray(paramName, { maxLength: 5 }),
          hostileText,
          async (names, givenNames, value) => {
            // Typed (json, text) and untyped placeholders.
            const statements = [
              names
                .slice(1)
                .reduce((list, n) => sql`${list}, ${param(n)}`, sql`select ${param(names[0]!)}`),
              insert(docs).values({ id: 1, j: param(names[0]!), t: param(names.at(-1)!) }),
            ]
            const given = Object.fromEntries(givenNames.map((n) => [n, value]))
            for (const statement of statements) {
              const used = new Set(statement === statements[0] ? names : [names[0]!, names.at(-1)!])
              const exact = givenNames.length === used.size && givenNames.every((n) => used.has(n))
              await o.db.begin(async (s) => {
                if (exact) {
                  await s.execute(statement, given)
                  await s.rollback()
                  return
                }
                const error = await expectRefusedBeforeDatabase(o.driver, () =>
                  s.execute(statement, given),
                )
                expect(error).toBeInstanceOf(ParameterError)
              })
            }
          },
        ),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  test(
    'an untyped value (raw sql) round-trips unchanged or is refused before the database',
    async () => {
      await fc.assert(
        fc.asyncProperty(anyHostileText, async (s) => {
          const statement = sql`select ${s} as v`
          await o.db.begin(async (session) => {
            if (s.includes('\0') || hasLoneSurrogate(s)) {
              await expectRefusedBeforeDatabase(o.driver, () => session.execute(statement))
              return
            }
            const [[back]] = (await session.execute(statement)).all() as [[unknown]]
            expect(back).toBe(s)
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  test('a 1 MB string of hostile characters round-trips through a text column and a where', async () => {
    const unit = '\'\\"`?$1:name%_;--/*𝄞é\n'
    const big = unit.repeat(Math.ceil(1_048_576 / unit.length)).slice(0, 1_048_576)
    expect(hasLoneSurrogate(big)).toBe(false)
    await o.db.begin(async (s) => {
      await s.execute(insert(docs).values({ id: 2, t: big }))
      expect((await s.scalars(select(docs.id).from(docs).where(eq(docs.t, big)))).all()).toEqual([
        2,
      ])
      expect((await s.scalars(select(docs.t).from(docs).where(eq(docs.id, 2)))).one()).toBe(big)
      await s.rollback()
    })
  }, 60_000)

  test('more than 65,535 values in one statement is a ParameterError before the database', async () => {
    const values = Array.from({ length: 70_000 }, (_, i) => i)
    await o.db.begin(async (s) => {
      const error = await expectRefusedBeforeDatabase(o.driver, () =>
        s.execute(select(docs.id).from(docs).where(inList(docs.id, values))),
      )
      expect(error).toBeInstanceOf(ParameterError)
      expect(error.message).toMatch(/at most \d+/)
    })
  }, 60_000)

  test('an executemany of 70,000 rows (140,000 values) is batched under the limit', async () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => ({ id: 10 + i, t: `r'${i}?` }))
    await o.db.begin(async (s) => {
      await s.execute(insert(docs).values({ id: param<number>('id'), t: param<string>('t') }), rows)
      const back = (await s.tuples(select(docs.id, docs.t).from(docs).orderBy(docs.id))).all()
      expect(back.length).toBe(rows.length)
      expect(back.at(-1)).toEqual([10 + 69_999, "r'69999?"])
      await s.rollback()
    })
  }, 120_000)
})
