import {
  type AnyTable,
  type Column,
  deleteFrom,
  eq,
  insert,
  integer,
  param,
  select,
  table,
} from '@nakedsql/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { type ContractContext, itWhen, runOne, scalarsOf, useSchema } from '../context.js'
import { inEachTimeZone } from '../time-zones.js'
import { comparable, VALUE_COLUMNS, type ValueColumn } from '../values.js'

type Row = Record<string, unknown>

// Columns whose values are compared for equality in SQL; floats, JSON, 1 MB text and blobs
// have no portable equality.
const LOOKUP_COLUMNS = new Set([
  'int',
  'big',
  'dec',
  'money',
  'flag',
  'short',
  'ident',
  'day',
  'clock',
  'wall',
  'instant',
  'mood',
])

/**
 * Every column type with its edge values, written three ways (a plain multi-row insert, an
 * insert with RETURNING, executemany) and read back equal, in two process time zones.
 */
export function valueMatrix(context: ContractContext): void {
  describe('value matrix', () => {
    const columns = Object.fromEntries(VALUE_COLUMNS.map((c) => [c.column, c.build(context.name)]))
    const values = table(context.name('vals'), {
      id: integer().primaryKey(),
      ...columns,
    }) as unknown as AnyTable
    useSchema(context, () => [values])
    const col = (name: string) => (values as unknown as Record<string, Column>)[name]!

    const rowsOf = (c: ValueColumn): Row[] => [
      ...c.values.map(([written], i) => ({ id: i + 1, [c.column]: written })),
      { id: c.values.length + 1, [c.column]: null },
    ]
    const expected = (c: ValueColumn) => [...c.values.map(([, back]) => back), null].map(comparable)
    const plainInsert = (c: ValueColumn) => insert(values).values(rowsOf(c) as never)

    async function readBack(c: ValueColumn): Promise<unknown[]> {
      const rows = await scalarsOf(context, select(values).orderBy(col('id')))
      return rows.map((r) => comparable((r as Row)[c.column]))
    }

    inEachTimeZone(() => {
      beforeEach(async () => {
        await runOne(context, deleteFrom(values))
      })

      for (const c of VALUE_COLUMNS) {
        it(
          `${c.column}: a plain insert reads back equal, NULL included`,
          async () => {
            await runOne(context, plainInsert(c))
            expect(await readBack(c)).toStrictEqual(expected(c))
          },
          context.slowTestTimeoutMs,
        )

        itWhen(
          context.capabilities.returning.insert,
          'adapter declares no RETURNING on INSERT',
          `${c.column}: insert ... returning gives back equal values`,
          async () => {
            const returned = (await scalarsOf(context, plainInsert(c).returning(values))) as Row[]
            const sorted = [...returned].sort((a, b) => (a.id as number) - (b.id as number))
            expect(sorted.map((r) => comparable(r[c.column]))).toStrictEqual(expected(c))
            expect(await readBack(c)).toStrictEqual(expected(c))
          },
          context.slowTestTimeoutMs,
        )

        it(
          `${c.column}: executemany reads back equal`,
          async () => {
            const statement = insert(values).values({
              id: param('id'),
              [c.column]: param('v'),
            } as never)
            const sets = rowsOf(c).map((r) => ({ id: r.id, v: r[c.column] }))
            await runOne(context, [statement, sets])
            expect(await readBack(c)).toStrictEqual(expected(c))
          },
          context.slowTestTimeoutMs,
        )

        if (LOOKUP_COLUMNS.has(c.column)) {
          it(`${c.column}: the same value bound in a WHERE clause finds its row`, async () => {
            const [written] = c.values[1]!
            await runOne(context, plainInsert(c))
            const ids = await scalarsOf(
              context,
              select(col('id'))
                .from(values)
                .where(eq(col(c.column), written as never)),
            )
            expect(ids).toEqual([2])
          })
        }
      }
    })
  })
}
