import {
  bundle,
  createAll,
  type Expression,
  eq,
  insert,
  integer,
  mapTo,
  NakedSqlError,
  select,
  sql,
  table,
  text,
} from '@nakedsql/core'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { fuzz, hostileText, timeoutFor } from './support/fuzz.js'
import { type Opened, targets } from './support/targets.js'

/** Names every object already has: writing them must not change a row's prototype. */
const INHERITED = [
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'isPrototypeOf',
  'then',
] as const

/**
 * mysql2 refuses a result column named `__proto__` or `__defineGetter__` before it reads the
 * rows (its parser generates code from field names, even for array rows), so on MariaDB the
 * property runs without those two and a test below pins the refusal.
 */
const MYSQL2_REFUSED: readonly string[] = ['__proto__', '__defineGetter__']

function protoTable(names: readonly string[]) {
  // Computed keys: a literal `__proto__:` would set the prototype of the columns object.
  return table(
    'protos',
    Object.fromEntries([
      ['id', integer().primaryKey()],
      ...names.map((n) => [n, text()] as const),
    ]) as {
      id: ReturnType<typeof integer>
    } & Record<string, ReturnType<typeof text>>,
  )
}

class Proto {
  describe(): string {
    return 'a Proto'
  }
}

describe.each(targets)('result columns named like inherited properties on $name', (target) => {
  let o: Opened
  const mysql = target.name.startsWith('MariaDB')
  const names = INHERITED.filter((n) => !mysql || !MYSQL2_REFUSED.includes(n))
  const protos = protoTable(names)
  const asClass = mapTo(protos, Proto)
  const columnsOf = protos as unknown as Record<string, Expression<unknown>>

  beforeAll(async () => {
    o = await target.open('protos')
    await o.db.begin(async (s) => {
      for (const statement of createAll([protos])) await s.execute(statement)
    })
  })
  afterAll(() => o?.close())

  test(
    'entities, class instances and bundles get own properties; no prototype changes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(hostileText, { minLength: names.length, maxLength: names.length }),
          async (values) => {
            const row = Object.fromEntries([['id', 1], ...names.map((n, i) => [n, values[i]!])])
            await o.db.begin(async (s) => {
              await s.execute(insert(protos).values(row as never))
              const [plain] = (await s.scalars(select(protos).where(eq(protos.id, 1)))).all()
              const [instance] = (await s.scalars(select(asClass).where(eq(asClass.id, 1)))).all()
              const [[fields]] = (
                await s.tuples(
                  select(bundle(Object.fromEntries(names.map((n) => [n, columnsOf[n]!])))).from(
                    protos,
                  ),
                )
              ).all() as [[Record<string, unknown>]]
              expect(Object.getPrototypeOf(plain)).toBe(Object.prototype)
              expect(Object.getPrototypeOf(instance)).toBe(Proto.prototype)
              expect((instance as Proto).describe()).toBe('a Proto')
              expect(Object.getPrototypeOf(fields)).toBe(Object.prototype)
              for (const [i, name] of names.entries()) {
                for (const target of [plain, instance, fields]) {
                  expect(Object.getOwnPropertyDescriptor(target, name)?.value).toBe(values[i])
                }
              }
              // Nothing leaked onto the shared prototype.
              expect(({} as Record<string, unknown>).then).toBeUndefined()
              expect(Object.keys(Object.prototype)).toEqual([])
              // Raw SQL rows are arrays whatever the column names.
              const raw = (
                await s.execute(
                  sql`select ${'x'} as ${sql.identifier(names[0]!)}, ${'y'} as ${sql.identifier('constructor')}`,
                )
              ).all()
              expect(raw).toEqual([['x', 'y']])
              await s.rollback()
            })
          },
        ),
        fuzz(),
      )
    },
    timeoutFor(),
  )

  // Only mysql2 has this refusal (see MYSQL2_REFUSED).
  if (mysql)
    test('a `__proto__` result column is a classified error through mysql2, and the pool goes on', async () => {
      const query = sql`select ${'x'} as ${sql.identifier('__proto__')}`
      await expect(o.db.begin((s) => s.execute(query))).rejects.toBeInstanceOf(NakedSqlError)
      expect(
        await o.db.begin(async (s) => (await s.execute(sql`select ${1} as one`)).all()),
      ).toEqual([[1]])
    })
})
