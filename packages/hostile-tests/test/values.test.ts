import {
  between,
  bigint,
  blob,
  createAll,
  deleteFrom,
  double,
  eq,
  gt,
  inList,
  insert,
  integer,
  json,
  like,
  ne,
  param,
  type Session,
  select,
  sql,
  table,
  text,
  timestamp,
  update,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRefusedBeforeDatabase } from './support/errors.js'
import {
  anyHostileText,
  fuzz,
  hasLoneSurrogate,
  hostileText,
  nonScalar,
  timeoutFor,
} from './support/fuzz.js'
import { type Opened, targets } from './support/targets.js'

const vals = table('vals', {
  id: integer().primaryKey(),
  t: text(),
  n: integer(),
  big: bigint(),
  d: double(),
  j: json(),
  bl: blob(),
  ts: timestamp({ withTimeZone: true }),
})

/** Rows present during every case; a statement may touch only those its condition names. */
const BASELINE = ['a', 'a ', 'A', "it's", 'a\\b', '\\', "\\'", '%', '_', '', '?', '$1', ':name']
const NEW_ID = 1000

/** Equality as the server's text comparison sees it (MariaDB collations pad with spaces). */
function sameText(padSpace: boolean, a: string, b: string): boolean {
  return padSpace ? a.replace(/ +$/, '') === b.replace(/ +$/, '') : a === b
}

/** Runs `fn` in a session that is rolled back, so every case starts from the baseline rows. */
async function rolledBack(o: Opened, fn: (s: Session) => Promise<void>): Promise<void> {
  await o.db.begin(async (s) => {
    await fn(s)
    await s.rollback()
  })
}

describe.each(targets)('hostile values on $name', (target) => {
  let o: Opened
  const padSpace = target.name.startsWith('MariaDB')

  beforeAll(async () => {
    o = await target.open('values')
    await o.db.begin(async (s) => {
      for (const statement of createAll([vals])) await s.execute(statement)
      await s.execute(insert(vals).values(BASELINE.map((t, i) => ({ id: i + 1, t, n: i }))))
    })
  })
  afterAll(() => o?.close())

  test(
    'a string round-trips unchanged, matches exactly its rows, and never changes the SQL text; NUL and lone surrogates are refused before the database',
    async () => {
      const statements = (s: string) =>
        ({
          ins: insert(vals).values({ id: NEW_ID, t: s }),
          read: select(vals.t).from(vals).where(eq(vals.id, NEW_ID)),
          find: select(vals.id).from(vals).where(eq(vals.t, s)).orderBy(vals.id),
          remove: deleteFrom(vals).where(inList(vals.t, [s, s])),
        }) as const
      const sqlOf = (s: string) =>
        Object.values(statements(s)).map((st) => st.compile(o.driver.dialect).sql)
      const texts = sqlOf('x')

      await fc.assert(
        fc.asyncProperty(anyHostileText, async (s) => {
          const { ins, read, find, remove } = statements(s)
          expect(sqlOf(s)).toEqual(texts)
          if (s.includes('\0') || hasLoneSurrogate(s)) {
            await rolledBack(o, (session) =>
              expectRefusedBeforeDatabase(o.driver, () => session.execute(ins)).then(() => {}),
            )
            return
          }
          await rolledBack(o, async (session) => {
            const sentBefore = o.driver.sent.length
            await session.execute(ins)
            expect((await session.scalars(read)).one()).toBe(s)
            const expected = [
              ...BASELINE.flatMap((b, i) => (sameText(padSpace, b, s) ? [i + 1] : [])),
              NEW_ID,
            ]
            expect((await session.scalars(find)).all()).toEqual(expected)
            expect((await session.execute(remove)).rowCount).toBe(expected.length)
            expect(o.driver.sent.slice(sentBefore)).toEqual(texts)
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  test(
    'typed values round-trip unchanged through insert, and select back the one row they were written to',
    async () => {
      const row = fc.record({
        // integer() is a 32-bit column on PostgreSQL and MariaDB; bigint() holds the rest.
        n: fc.integer(),
        big: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        d: fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => (d === 0 ? 0 : d)),
        // Through JSON.stringify first: -0 is 0 in JSON text, whatever the database.
        j: fc.jsonValue({ maxDepth: 2 }).map((j) => JSON.parse(JSON.stringify(j)) as unknown),
        bl: fc.uint8Array({ maxLength: 64 }),
        ts: fc.date({
          min: new Date('1970-01-01T00:00:00.000Z'),
          max: new Date('2999-12-31T23:59:59.999Z'),
          noInvalidDate: true,
        }),
      })
      await fc.assert(
        fc.asyncProperty(row, async (r) => {
          await rolledBack(o, async (session) => {
            await session.execute(insert(vals).values({ id: NEW_ID, ...r }))
            const back = (
              await session.tuples(
                select(vals.n, vals.big, vals.d, vals.j, vals.bl, vals.ts)
                  .from(vals)
                  .where(eq(vals.id, NEW_ID)),
              )
            ).all()
            expect(back).toEqual([[r.n, r.big, r.d, r.j, r.bl, r.ts]])
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  test(
    'objects, arrays, undefined, NaN, Infinity, invalid Dates, functions and fake expression objects in a scalar slot are refused before the database',
    async () => {
      const p = param('p')
      /** Every value slot, each a statement holding `v` where one scalar belongs. */
      const slots: ((v: unknown) => Parameters<Session['execute']>)[] = [
        (v) => [
          select(vals.id)
            .from(vals)
            .where(eq(vals.t, v as string)),
        ],
        (v) => [
          select(vals.id)
            .from(vals)
            .where(ne(vals.n, v as number)),
        ],
        (v) => [
          select(vals.id)
            .from(vals)
            .where(gt(vals.ts, v as Date)),
        ],
        (v) => [
          select(vals.id)
            .from(vals)
            .where(inList(vals.t, ['a', v as string])),
        ],
        (v) => [
          select(vals.id)
            .from(vals)
            .where(between(vals.n, 0, v as number)),
        ],
        (v) => [
          select(vals.id)
            .from(vals)
            .where(like(vals.t, v as string)),
        ],
        (v) => [
          update(vals)
            .set({ n: 1 })
            .where(eq(vals.t, v as string)),
        ],
        (v) => [deleteFrom(vals).where(eq(vals.id, v as number))],
        (v) => [sql`select ${v} as x`],
        (v) => [select(vals.id).from(vals).where(eq(vals.t, p)), { p: v }],
        (v) => [sql`select ${p} as x`, { p: v }],
        (v) => [select(vals.id).from(vals).limit(param<number>('p')), { p: v }],
      ]
      // undefined leaves a column out of insert() and set(); every other non-scalar is refused.
      const writeSlots: ((v: unknown) => Parameters<Session['execute']>)[] = [
        (v) => [insert(vals).values({ id: NEW_ID, t: v as string })],
        (v) => [insert(vals).values({ id: NEW_ID, bl: v as Uint8Array })],
        (v) => [
          update(vals)
            .set({ t: v as string })
            .where(eq(vals.id, 1)),
        ],
      ]
      await fc.assert(
        fc.asyncProperty(nonScalar, fc.nat(), async (v, pick) => {
          const all = v === undefined ? slots : [...slots, ...writeSlots]
          const slot = all[pick % all.length]!
          await rolledBack(o, async (session) => {
            await expectRefusedBeforeDatabase(o.driver, () => session.execute(...slot(v)))
          })
        }),
        fuzz(),
      )
      // The baseline is intact: nothing above reached the table.
      const rows = await o.db.begin(async (s) =>
        (await s.scalars(select(vals.t).from(vals).orderBy(vals.id))).all(),
      )
      expect(rows).toEqual(BASELINE)
    },
    timeoutFor(),
  )

  test(
    'a scalar of the wrong type for its column is refused before the database',
    async () => {
      const wrong = fc.oneof(
        fc.tuple(
          fc.constant('n' as const),
          fc.oneof(hostileText, fc.double({ noInteger: true }), fc.boolean()),
        ),
        fc.tuple(
          fc.constant('big' as const),
          fc.oneof(
            hostileText.filter((s) => !/^-?\d+$/.test(s)),
            fc.double({ noInteger: true }),
          ),
        ),
        fc.tuple(fc.constant('ts' as const), fc.oneof(hostileText, fc.integer())),
        fc.tuple(fc.constant('bl' as const), fc.oneof(hostileText, fc.integer())),
        fc.tuple(fc.constant('t' as const), fc.oneof(fc.integer(), fc.boolean(), fc.uint8Array())),
      )
      await fc.assert(
        fc.asyncProperty(wrong, async ([column, v]) => {
          await rolledBack(o, async (session) => {
            await expectRefusedBeforeDatabase(o.driver, () =>
              session.execute(insert(vals).values({ id: NEW_ID, [column]: v })),
            )
            await expectRefusedBeforeDatabase(o.driver, () =>
              session.execute(
                select(vals.id)
                  .from(vals)
                  .where(eq(vals[column] as typeof vals.t, v as never)),
              ),
            )
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )
})
