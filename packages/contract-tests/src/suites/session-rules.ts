import {
  createSessionFactory,
  deleteFrom,
  eq,
  InvalidSessionStateError,
  type IsolationLevel,
  insert,
  integer,
  ParameterError,
  param,
  QueryTimeoutError,
  type Session,
  type SessionFactory,
  select,
  sql,
  TransactionAbortedError,
  table,
  text,
  UniqueViolationError,
  UnsupportedOptionError,
  update,
} from '@nakedsql/core'
import { beforeEach, describe, expect, it } from 'vitest'
import { type ContractContext, itWhen, useSchema } from '../context.js'

const ISOLATION_LEVELS: readonly IsolationLevel[] = [
  'read uncommitted',
  'read committed',
  'repeatable read',
  'serializable',
]

/** One test per session rule of the design (commit, rollback, closing, ordering, savepoints). */
export function sessionRules(context: ContractContext): void {
  describe('session rules', () => {
    const factory = (): SessionFactory => {
      const async = context.asyncFactory()
      if (async === undefined) throw new Error('The async session rules need an async factory.')
      return async
    }
    const items = table(context.name('items'), {
      id: integer().primaryKey(),
      label: text().notNull(),
    })
    useSchema(context, () => [items])

    const labels = () =>
      factory().begin(async (s) =>
        (await s.scalars(select(items.label).from(items).orderBy(items.label))).all(),
      )

    beforeEach(async () => {
      await factory().begin((s) => s.execute(deleteFrom(items)))
    })

    it('commits when the callback resolves, and returns its value', async () => {
      const value = await factory().begin(async (s) => {
        await s.execute(insert(items).values({ id: 1, label: 'a' }))
        return 'done'
      })
      expect(value).toBe('done')
      expect(await labels()).toEqual(['a'])
    })

    it('rolls back and rethrows the very same error when the callback throws', async () => {
      const thrown = new Error('callback failed')
      const outcome = factory().begin(async (s) => {
        await s.execute(insert(items).values({ id: 1, label: 'a' }))
        throw thrown
      })
      await expect(outcome).rejects.toBe(thrown)
      expect(await labels()).toEqual([])
    })

    it('with autoCommit false, rolls back unless the callback committed', async () => {
      const manual = createSessionFactory(factory().driver, { autoCommit: false })
      await manual.begin((s) => s.execute(insert(items).values({ id: 1, label: 'dropped' })))
      await manual.begin(async (s) => {
        await s.execute(insert(items).values({ id: 2, label: 'kept' }))
        await s.commit()
      })
      expect(await labels()).toEqual(['kept'])
    })

    it('commit() ends the session: its writes stay and later calls throw InvalidSessionStateError', async () => {
      await factory().begin(async (s) => {
        await s.execute(insert(items).values({ id: 1, label: 'a' }))
        await s.commit()
        expect(s.state).toBe('committed')
        await expect(s.execute(insert(items).values({ id: 2, label: 'b' }))).rejects.toBeInstanceOf(
          InvalidSessionStateError,
        )
        await expect(s.commit()).rejects.toBeInstanceOf(InvalidSessionStateError)
      })
      expect(await labels()).toEqual(['a'])
    })

    it('rollback() ends the session and discards its writes', async () => {
      await factory().begin(async (s) => {
        await s.execute(insert(items).values({ id: 1, label: 'a' }))
        await s.rollback()
        expect(s.state).toBe('rolled back')
        await expect(s.rollback()).rejects.toBeInstanceOf(InvalidSessionStateError)
      })
      expect(await labels()).toEqual([])
    })

    it('a session used after it ended throws InvalidSessionStateError and sends nothing', async () => {
      let escaped: Session | undefined
      await factory().begin((s) => {
        escaped = s
      })
      const session = escaped as Session
      const refused = [
        session.execute(insert(items).values({ id: 1, label: 'late' })),
        session.scalars(select(items)),
        session.savepoint(async () => {}),
        session.commit(),
        session.rollback(),
      ]
      for (const call of refused) {
        const error = await call.then(
          () => undefined,
          (e: unknown) => e,
        )
        expect(error).toBeInstanceOf(InvalidSessionStateError)
        expect(error).toMatchObject({ state: 'committed', requiredState: 'open' })
      }
      expect(await labels()).toEqual([])
    })

    it('runs the calls of one session one after another, in call order', async () => {
      const final = await factory().begin(async (s) => {
        const calls = [
          s.execute(insert(items).values({ id: 1, label: 'a' })),
          s.execute(update(items).set({ label: 'b' }).where(eq(items.id, 1))),
          s.execute(insert(items).values({ id: 2, label: 'c' })),
          s.execute(update(items).set({ label: 'd' }).where(eq(items.id, 1))),
          s.scalars(select(items.label).from(items).orderBy(items.id)),
        ] as const
        const results = await Promise.all(calls)
        return results[4].all()
      })
      expect(final).toEqual(['d', 'c'])
    })

    it('a call not awaited before the callback returned never runs after the transaction ended', async () => {
      let pending: Promise<unknown> | undefined
      const outcome = factory().begin((s) => {
        pending = s.execute(insert(items).values({ id: 1, label: 'abandoned' }))
        pending.catch(() => {})
      })
      await expect(outcome).rejects.toBeInstanceOf(InvalidSessionStateError)
      await expect(pending).rejects.toBeInstanceOf(InvalidSessionStateError)
      expect(await labels()).toEqual([])
    })

    it('the disposable session rolls back what was not committed when its scope ends', async () => {
      const session = await factory().session()
      try {
        await session.execute(insert(items).values({ id: 1, label: 'uncommitted' }))
      } finally {
        await session[Symbol.asyncDispose]()
      }
      const committed = await factory().session()
      try {
        await committed.execute(insert(items).values({ id: 2, label: 'committed' }))
        await committed.commit()
      } finally {
        await committed[Symbol.asyncDispose]()
      }
      expect(await labels()).toEqual(['committed'])
    })

    itWhen(
      context.capabilities.savepoints,
      'adapter declares no savepoints',
      'a savepoint whose callback throws rolls back only its own block',
      async () => {
        const inner = new Error('inner failed')
        await factory().begin(async (s) => {
          await s.execute(insert(items).values({ id: 1, label: 'outer' }))
          await expect(
            s.savepoint(async (sp) => {
              await sp.execute(insert(items).values({ id: 2, label: 'inner' }))
              throw inner
            }),
          ).rejects.toBe(inner)
          await s.savepoint(async (sp) => {
            await sp.execute(insert(items).values({ id: 3, label: 'kept' }))
          })
          await s.execute(insert(items).values({ id: 4, label: 'after' }))
        })
        expect(await labels()).toEqual(['after', 'kept', 'outer'])
      },
    )

    it('db.execute runs one statement on its own, committed when it resolves', async () => {
      const result = await factory().execute(insert(items).values({ id: 1, label: 'alone' }))
      expect(result.rowCount).toBe(1)
      expect(await labels()).toEqual(['alone'])
      const read = await factory().scalars(select(items).where(eq(items.id, 1)))
      expect(read.all()).toEqual([{ id: 1, label: 'alone' }])
      const rows = await factory().tuples(select(items.id, items.label).from(items))
      expect(rows.all()).toEqual([[1, 'alone']])
    })

    it('db.execute of a failing statement: a classified error, nothing written, the factory goes on', async () => {
      await factory().execute(insert(items).values({ id: 1, label: 'first' }))
      const error = await factory()
        .execute(insert(items).values({ id: 1, label: 'duplicate' }))
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UniqueViolationError)
      expect(error).toMatchObject({ phase: 'statement' })
      await factory().execute(insert(items).values({ id: 2, label: 'second' }))
      expect(await labels()).toEqual(['first', 'second'])
      expect(factory().stats()).toMatchObject({ inUse: 0, sessions: 0 })
    })

    it('db.execute with parameter sets writes all of them or none', async () => {
      const byParams = insert(items).values({
        id: param<number>('id'),
        label: param<string>('label'),
      })
      const error = await factory()
        .execute(byParams, [
          { id: 1, label: 'a' },
          { id: 2, label: 'b' },
          { id: 1, label: 'again' },
        ])
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(UniqueViolationError)
      expect(await labels()).toEqual([])
      await factory().execute(byParams, [
        { id: 1, label: 'a' },
        { id: 2, label: 'b' },
      ])
      expect(await labels()).toEqual(['a', 'b'])
    })

    it('a statement error caught inside the callback: the session rolls back instead of committing half its work', async () => {
      let caught: unknown
      const error = await factory()
        .begin(async (s) => {
          await s.execute(insert(items).values({ id: 1, label: 'first' }))
          caught = await s
            .execute(insert(items).values({ id: 1, label: 'duplicate' }))
            .catch((e: unknown) => e)
        })
        .catch((e: unknown) => e)
      expect(caught).toBeInstanceOf(UniqueViolationError)
      expect(error).toBeInstanceOf(TransactionAbortedError)
      expect(error).toMatchObject({ phase: 'commit', retryable: false, cause: caught })
      expect(await labels()).toEqual([])
    })

    it('after a statement error, later statements of the session are refused before they are sent', async () => {
      let later: unknown
      const error = await factory()
        .begin(async (s) => {
          await s.execute(insert(items).values({ id: 1, label: 'first' }))
          await s.execute(insert(items).values({ id: 1, label: 'duplicate' })).catch(() => {})
          later = await s
            .execute(insert(items).values({ id: 2, label: 'later' }))
            .catch((e: unknown) => e)
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(TransactionAbortedError)
      expect(later).toBeInstanceOf(TransactionAbortedError)
      expect(later).toMatchObject({ phase: 'statement' })
      expect((later as TransactionAbortedError).cause).toBeInstanceOf(UniqueViolationError)
      expect(await labels()).toEqual([])
    })

    it('an error raised before the database was reached leaves the session usable', async () => {
      await factory().begin(async (s) => {
        await s.execute(insert(items).values({ id: 1, label: 'first' }))
        const byParams = insert(items).values({
          id: param<number>('id'),
          label: param<string>('label'),
        })
        await expect(s.execute(byParams, { id: 2 })).rejects.toBeInstanceOf(ParameterError)
        await s.execute(insert(items).values({ id: 3, label: 'third' }))
      })
      expect(await labels()).toEqual(['first', 'third'])
    })

    itWhen(
      context.capabilities.savepoints,
      'adapter declares no savepoints',
      'a statement error caught inside a savepoint rolls back only the savepoint; the session commits the rest',
      async () => {
        const outcome = await factory().begin(async (s) => {
          await s.execute(insert(items).values({ id: 1, label: 'outer' }))
          const inSavepoint = await s
            .savepoint(async (sp) => {
              await sp.execute(insert(items).values({ id: 2, label: 'inner' }))
              await sp.execute(insert(items).values({ id: 1, label: 'duplicate' })).catch(() => {})
            })
            .catch((e: unknown) => e)
          await s.execute(insert(items).values({ id: 3, label: 'after' }))
          return inSavepoint
        })
        expect(outcome).toBeInstanceOf(TransactionAbortedError)
        expect((outcome as TransactionAbortedError).cause).toBeInstanceOf(UniqueViolationError)
        expect(await labels()).toEqual(['after', 'outer'])
      },
    )

    // A statement that runs long on every SQL database: counting 10^9 combinations of a
    // 1,000-row recursive CTE (MariaDB stops a recursion at 1,000 steps by default).
    const slow = sql<
      [number]
    >`WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 1000) SELECT count(*) FROM c a, c b, c d`

    if (context.capabilities.statementTimeout === true) {
      it('a statement past its timeoutMs fails with QueryTimeoutError; the factory and the session go on', async () => {
        const alone = await factory()
          .scalars(slow, undefined, { timeoutMs: 100 })
          .catch((e: unknown) => e)
        expect(alone).toBeInstanceOf(QueryTimeoutError)
        expect(alone).toMatchObject({ phase: 'statement' })
        const after = await factory().begin(async (s) => {
          await s.execute(insert(items).values({ id: 1, label: 'before' }))
          const timedOut = await s
            .savepoint((sp) => sp.execute(slow, undefined, { timeoutMs: 100 }))
            .catch((e: unknown) => e)
          expect(timedOut).toBeInstanceOf(QueryTimeoutError)
          await s.execute(insert(items).values({ id: 2, label: 'after' }))
          return (await s.scalars(select(items.label).from(items).orderBy(items.label))).all()
        })
        expect(after).toEqual(['after', 'before'])
        const whole = await factory()
          .begin((s) => s.execute(slow), { timeoutMs: 100 })
          .catch((e: unknown) => e)
        expect(whole).toBeInstanceOf(QueryTimeoutError)
      })
    } else {
      it('refuses timeoutMs, which the adapter does not declare, before anything is sent', async () => {
        await expect(factory().scalars(slow, undefined, { timeoutMs: 100 })).rejects.toBeInstanceOf(
          UnsupportedOptionError,
        )
        await expect(factory().begin(() => 1, { timeoutMs: 100 })).rejects.toBeInstanceOf(
          UnsupportedOptionError,
        )
        await factory().begin(async (s) => {
          await expect(s.execute(slow, undefined, { timeoutMs: 100 })).rejects.toBeInstanceOf(
            UnsupportedOptionError,
          )
          await s.execute(insert(items).values({ id: 1, label: 'still usable' }))
        })
        expect(await labels()).toEqual(['still usable'])
      })
    }

    for (const level of ISOLATION_LEVELS) {
      if (context.capabilities.isolationLevels.includes(level)) {
        it(`runs a session at isolation level ${level}`, async () => {
          await factory().begin((s) => s.execute(insert(items).values({ id: 1, label: level })), {
            isolationLevel: level,
          })
          expect(await labels()).toEqual([level])
        })
      } else {
        it(`refuses isolation level ${level}, which the adapter does not declare, instead of ignoring it`, async () => {
          const outcome = factory().begin(() => 'ran', { isolationLevel: level })
          await expect(outcome).rejects.toThrow(level)
        })
      }
    }
  })
}
