import {
  createAll,
  ilike,
  insert,
  integer,
  like,
  NakedSqlError,
  notLike,
  param,
  select,
  table,
  text,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { expectRefusedBeforeDatabase, expectRefusedWhileBuilding } from './support/errors.js'
import { fuzz, hostileText, nonScalar, timeoutFor } from './support/fuzz.js'
import { type LikeSemantics, type Opened, targets } from './support/targets.js'

const words = table('words', { id: integer().primaryKey(), t: text().notNull() })

const ROWS = [
  'a',
  'A',
  'ab',
  'a%',
  'a_',
  '%',
  '_',
  '\\',
  'a\\b',
  "it's",
  '?',
  '$1',
  ':name',
  '',
  'é',
  'É',
  '𝄞',
  'a𝄞b',
  'line\nbreak',
  '%_\\',
]

/**
 * What the server's LIKE does with `pattern`: which values match, and whether the server may
 * refuse the pattern instead (PostgreSQL, for a pattern ending in the escape character, once
 * a row gets that far).
 */
function likeModel(
  semantics: LikeSemantics,
  pattern: string,
): { matches: (value: string) => boolean; mayFail: boolean } {
  const fold = (s: string) =>
    semantics.asciiCaseInsensitive ? s.replace(/[A-Z]/g, (c) => c.toLowerCase()) : s
  let source = ''
  const chars = [...fold(pattern)]
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!
    if (semantics.backslashEscapes && c === '\\') {
      const next = chars[++i]
      if (next === undefined) {
        // PostgreSQL refuses a pattern ending in the escape character; MariaDB matches it.
        if (semantics.trailingEscape === 'error') return { matches: () => false, mayFail: true }
        source += '\\\\'
        break
      }
      source += escapeRegExp(next)
    } else if (c === '%') source += '.*'
    else if (c === '_') source += '.'
    else source += escapeRegExp(c)
  }
  const re = new RegExp(`^${source}$`, 'su')
  return { matches: (value) => re.test(fold(value)), mayFail: false }
}

function escapeRegExp(c: string): string {
  return c.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
}

/** Patterns of wildcards, escapes and hostile text. */
const pattern = fc
  .array(
    fc.oneof(fc.constantFrom('%', '_', '\\', 'a', 'A', 'b', 'é', '𝄞', "'", '?'), hostileText),
    {
      maxLength: 6,
    },
  )
  .map((parts) => parts.join(''))

describe.each(targets)('hostile LIKE patterns and row counts on $name', (target) => {
  let o: Opened
  const ids = ROWS.map((_, i) => i + 1)

  beforeAll(async () => {
    o = await target.open('like')
    await o.db.begin(async (s) => {
      for (const statement of createAll([words])) await s.execute(statement)
      await s.execute(insert(words).values(ROWS.map((t, i) => ({ id: i + 1, t }))))
    })
  })
  afterAll(() => o?.close())

  test(
    'a LIKE pattern is bound: it matches exactly the rows the server semantics say, and never changes the SQL',
    async () => {
      const byPattern = (p: string) =>
        select(words.id).from(words).where(like(words.t, p)).orderBy(words.id)
      const byNotPattern = (p: string) =>
        select(words.id).from(words).where(notLike(words.t, p)).orderBy(words.id)
      const texts = [byPattern('x'), byNotPattern('x')].map((s) => s.compile(o.driver.dialect).sql)
      await fc.assert(
        fc.asyncProperty(pattern, async (p) => {
          expect(
            [byPattern(p), byNotPattern(p)].map((s) => s.compile(o.driver.dialect).sql),
          ).toEqual(texts)
          const { matches, mayFail } = likeModel(target.like, p)
          const expected = ROWS.flatMap((r, i) => (matches(r) ? [i + 1] : []))
          if (mayFail) {
            try {
              const rows = await o.db.begin(async (s) => (await s.scalars(byPattern(p))).all())
              expect(rows).toEqual(expected)
            } catch (e) {
              expect(e).toBeInstanceOf(NakedSqlError)
            }
            return
          }
          await o.db.begin(async (s) => {
            expect((await s.scalars(byPattern(p))).all()).toEqual(expected)
            expect((await s.scalars(byNotPattern(p))).all()).toEqual(
              ids.filter((id) => !expected.includes(id)),
            )
            // ilike: a pattern without wildcards or escapes finds at least the rows equal to it.
            const plain = p.replace(/[%_\\]/g, '')
            const found = (
              await s.scalars(select(words.t).from(words).where(ilike(words.t, plain)))
            ).all()
            expect(found).toEqual(expect.arrayContaining(ROWS.filter((r) => r === plain)))
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  test(
    'limit and offset take only non-negative safe integers; anything else is refused before the database',
    async () => {
      const count = fc.oneof(
        fc.integer({ min: -3, max: ROWS.length + 3 }),
        fc.double(),
        fc.constantFrom(2 ** 53, 2 ** 64, -0, 1.5, Number.MAX_VALUE),
        fc.bigInt({ min: 0n, max: 30n }),
        hostileText,
        fc.constantFrom('1', '1; DROP TABLE words', '1 OR 1=1'),
        nonScalar,
      )
      const valid = (n: unknown): n is number =>
        typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
      const query = () => select(words.id).from(words).orderBy(words.id)
      await fc.assert(
        fc.asyncProperty(count, count, async (limit, offset) => {
          if (!valid(limit) || !valid(offset)) {
            if (!valid(limit)) expectRefusedWhileBuilding(() => query().limit(limit as number))
            if (!valid(offset)) expectRefusedWhileBuilding(() => query().offset(offset as number))
            // The same values through param() are refused when bound.
            await o.db.begin(async (s) => {
              await expectRefusedBeforeDatabase(o.driver, () =>
                s.execute(query().limit(param<number>('l')).offset(param<number>('o')), {
                  l: limit,
                  o: offset,
                }),
              )
            })
            return
          }
          const expected = ids.slice(offset, offset + limit)
          await o.db.begin(async (s) => {
            expect((await s.scalars(query().limit(limit).offset(offset))).all()).toEqual(expected)
            const viaParams = await s.scalars(
              query().limit(param<number>('l')).offset(param<number>('o')),
              {
                l: limit,
                o: offset,
              },
            )
            expect(viaParams.all()).toEqual(expected)
          })
        }),
        fuzz(),
      )
    },
    timeoutFor(),
  )
})
