import { count, insert, integer, param, select, sum, table, text } from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import { type ContractContext, useSchema } from '../context.js'

const ROWS = 10_000

/** executemany: one statement, 10,000 parameter sets, all written in one session. */
export function bulk(context: ContractContext): void {
  describe('executemany', () => {
    const rows = table(context.name('bulk'), {
      id: integer().primaryKey(),
      label: text().notNull(),
    })
    useSchema(context, () => [rows])

    it(
      `writes ${ROWS.toLocaleString('en')} parameter sets of one insert and reports every row`,
      async () => {
        const statement = insert(rows).values({
          id: param<number>('id'),
          label: param<string>('label'),
        })
        const sets = Array.from({ length: ROWS }, (_, i) => ({
          id: i + 1,
          label: `row ${i + 1} ✓`,
        }))
        const result = await context.factory().begin((s) => s.execute(statement, sets))
        expect(result.rowCount).toBe(ROWS)
        const [n, total] = await context
          .factory()
          .begin(async (s) => (await s.tuples(select(count(), sum(rows.id)).from(rows))).one())
        expect(n).toBe(ROWS)
        expect(Number(total)).toBe((ROWS * (ROWS + 1)) / 2)
        const last = await context
          .factory()
          .begin(async (s) =>
            (await s.scalars(select(rows.label).from(rows).orderBy(rows.id.desc()).limit(1))).one(),
          )
        expect(last).toBe(`row ${ROWS} ✓`)
      },
      context.slowTestTimeoutMs,
    )

    it('writes nothing when one parameter set is invalid', async () => {
      const statement = insert(rows).values({
        id: param<number>('id'),
        label: param<string>('label'),
      })
      const sets = [
        { id: -1, label: 'fine' },
        { id: -2, label: 42 as unknown as string },
      ]
      await expect(context.factory().begin((s) => s.execute(statement, sets))).rejects.toThrow(
        /text/,
      )
      const negative = await context
        .factory()
        .begin(async (s) =>
          (await s.scalars(select(rows.id).from(rows).orderBy(rows.id).limit(1))).all(),
        )
      expect(negative.every((id) => id > 0)).toBe(true)
    })
  })
}
