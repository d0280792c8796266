import { count, insert, integer, param, select, sum, table, text } from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import { type ContractContext, runOne, scalarsOf, tuplesOf, useSchema } from '../context.js'

const ROWS = 10_000

/** executemany: one statement, 10,000 parameter sets, all written in one session. */
export function bulk(context: ContractContext): void {
  describe('executemany', () => {
    const rows = table(context.name('bulk'), {
      id: integer().primaryKey(),
      label: text().notNull(),
    })
    useSchema(context, () => [rows])
    const statement = insert(rows).values({
      id: param<number>('id'),
      label: param<string>('label'),
    })

    it(
      `writes ${ROWS.toLocaleString('en')} parameter sets of one insert and reports every row`,
      async () => {
        const sets = Array.from({ length: ROWS }, (_, i) => ({
          id: i + 1,
          label: `row ${i + 1} ✓`,
        }))
        const result = await runOne(context, [statement, sets])
        expect(result.rowCount).toBe(ROWS)
        const [[n, total]] = (await tuplesOf(
          context,
          select(count(), sum(rows.id)).from(rows),
        )) as [[number, unknown]]
        expect(n).toBe(ROWS)
        expect(Number(total)).toBe((ROWS * (ROWS + 1)) / 2)
        const last = await scalarsOf(
          context,
          select(rows.label).from(rows).orderBy(rows.id.desc()).limit(1),
        )
        expect(last).toEqual([`row ${ROWS} ✓`])
      },
      context.slowTestTimeoutMs,
    )

    it('sends nothing when one parameter set holds a value of the wrong type', async () => {
      const sets = [
        { id: -1, label: 'fine' },
        { id: -2, label: 42 as unknown as string },
      ]
      await expect(runOne(context, [statement, sets])).rejects.toThrow(/text/)
      const ids = (await scalarsOf(context, select(rows.id).from(rows))) as number[]
      expect(ids.filter((id) => id < 0)).toEqual([])
    })
  })
}
