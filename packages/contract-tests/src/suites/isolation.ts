import { eq, insert, integer, ReadOnlyTransactionError, select, table, text } from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import { type ContractContext, itWhen, runOne, scalarsOf, useSchema } from '../context.js'

/** What one session sees of another, and read-only sessions. */
export function isolation(context: ContractContext): void {
  describe('isolation and read-only sessions', () => {
    const notes = table(context.name('notes'), {
      id: integer().primaryKey(),
      body: text().notNull(),
    })
    useSchema(context, () => [notes])

    const bodies = (id: number) =>
      scalarsOf(context, select(notes.body).from(notes).where(eq(notes.id, id)))

    itWhen(
      context.capabilities.concurrentConnections,
      'adapter declares no concurrent connections, so a second session waits for the first instead of running beside it',
      'a concurrent session does not see uncommitted writes, and sees them once committed',
      async () => {
        const factory = context.asyncFactory()
        if (factory === undefined)
          throw new Error('A synchronous adapter cannot declare concurrentConnections.')
        const writer = await factory.session()
        try {
          await writer.execute(insert(notes).values({ id: 1, body: 'draft' }))
          expect(await bodies(1)).toEqual([])
          await writer.commit()
        } finally {
          await writer[Symbol.asyncDispose]()
        }
        expect(await bodies(1)).toEqual(['draft'])
      },
    )

    if (context.capabilities.readOnly) {
      it('a read-only session reads, and rejects a write with ReadOnlyTransactionError', async () => {
        const outcome = context.run(
          [select(notes).from(notes), insert(notes).values({ id: 2, body: 'refused' })],
          {
            readOnly: true,
          },
        )
        const error = await outcome.then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(ReadOnlyTransactionError)
        expect(error).toMatchObject({ phase: 'statement', retryable: false })
        expect((error as Error).cause).toBeDefined()
        expect(await bodies(2)).toEqual([])
      })

      it('a read-only session leaves the connection writable for the next session', async () => {
        await context.run([select(notes).from(notes)], { readOnly: true })
        await runOne(context, insert(notes).values({ id: 3, body: 'after' }))
        expect(await bodies(3)).toEqual(['after'])
      })
    } else {
      it('refuses { readOnly: true }, which the adapter does not declare, instead of ignoring it', async () => {
        await expect(context.run([], { readOnly: true })).rejects.toThrow(/read/i)
      })
    }
  })
}
