import {
  createSyncSessionFactory,
  deleteFrom,
  eq,
  InvalidSessionStateError,
  type IsolationLevel,
  insert,
  integer,
  type SyncSession,
  type SyncSessionFactory,
  select,
  TransactionAbortedError,
  table,
  text,
  UniqueViolationError,
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

/** The session rules as they apply to synchronous sessions, one test per rule. */
export function syncSessionRules(
  context: ContractContext,
  factory: () => SyncSessionFactory,
): void {
  describe('session rules (synchronous)', () => {
    const items = table(context.name('sync_items'), {
      id: integer().primaryKey(),
      label: text().notNull(),
    })
    useSchema(context, () => [items])

    const labels = () =>
      factory().begin((s) => s.scalars(select(items.label).from(items).orderBy(items.label)).all())
    const refusal = (call: () => unknown) => {
      try {
        call()
      } catch (e) {
        return e
      }
      return undefined
    }

    beforeEach(() => {
      factory().begin((s) => s.execute(deleteFrom(items)))
    })

    it('commits when the callback returns, and returns its value', () => {
      const value = factory().begin((s) => {
        s.execute(insert(items).values({ id: 1, label: 'a' }))
        return 'done'
      })
      expect(value).toBe('done')
      expect(labels()).toEqual(['a'])
    })

    it('rolls back and rethrows the very same error when the callback throws', () => {
      const thrown = new Error('callback failed')
      const error = refusal(() =>
        factory().begin((s) => {
          s.execute(insert(items).values({ id: 1, label: 'a' }))
          throw thrown
        }),
      )
      expect(error).toBe(thrown)
      expect(labels()).toEqual([])
    })

    it('with autoCommit false, rolls back unless the callback committed', () => {
      const manual = createSyncSessionFactory(factory().driver, { autoCommit: false })
      manual.begin((s) => s.execute(insert(items).values({ id: 1, label: 'dropped' })))
      manual.begin((s) => {
        s.execute(insert(items).values({ id: 2, label: 'kept' }))
        s.commit()
      })
      expect(labels()).toEqual(['kept'])
    })

    it('commit() ends the session: its writes stay and later calls throw InvalidSessionStateError', () => {
      factory().begin((s) => {
        s.execute(insert(items).values({ id: 1, label: 'a' }))
        s.commit()
        expect(s.state).toBe('committed')
        expect(
          refusal(() => s.execute(insert(items).values({ id: 2, label: 'b' }))),
        ).toBeInstanceOf(InvalidSessionStateError)
        expect(refusal(() => s.commit())).toBeInstanceOf(InvalidSessionStateError)
      })
      expect(labels()).toEqual(['a'])
    })

    it('rollback() ends the session and discards its writes', () => {
      factory().begin((s) => {
        s.execute(insert(items).values({ id: 1, label: 'a' }))
        s.rollback()
        expect(s.state).toBe('rolled back')
        expect(refusal(() => s.rollback())).toBeInstanceOf(InvalidSessionStateError)
      })
      expect(labels()).toEqual([])
    })

    it('a session used after it ended throws InvalidSessionStateError and sends nothing', () => {
      let escaped: SyncSession | undefined
      factory().begin((s) => {
        escaped = s
      })
      const session = escaped as SyncSession
      const calls = [
        () => session.execute(insert(items).values({ id: 1, label: 'late' })),
        () => session.scalars(select(items)),
        () => session.savepoint(() => {}),
        () => session.commit(),
        () => session.rollback(),
      ]
      for (const call of calls) {
        const error = refusal(call)
        expect(error).toBeInstanceOf(InvalidSessionStateError)
        expect(error).toMatchObject({ state: 'committed', requiredState: 'open' })
      }
      expect(labels()).toEqual([])
    })

    it('runs statements in call order, each finished when its call returns', () => {
      const final = factory().begin((s) => {
        s.execute(insert(items).values({ id: 1, label: 'a' }))
        s.execute(update(items).set({ label: 'b' }).where(eq(items.id, 1)))
        const between = s.scalars(select(items.label).from(items)).all()
        s.execute(update(items).set({ label: 'c' }).where(eq(items.id, 1)))
        return [between, s.scalars(select(items.label).from(items)).all()]
      })
      expect(final).toEqual([['b'], ['c']])
    })

    it('an async callback is refused and its work rolled back, so nothing runs after COMMIT', async () => {
      let afterAwait: unknown
      const error = refusal(() =>
        factory().begin(async (s) => {
          s.execute(insert(items).values({ id: 1, label: 'before await' }))
          await Promise.resolve()
          afterAwait = refusal(() =>
            s.execute(insert(items).values({ id: 2, label: 'after await' })),
          )
        }),
      )
      expect(error).toBeInstanceOf(InvalidSessionStateError)
      await Promise.resolve()
      await Promise.resolve()
      expect(afterAwait).toBeInstanceOf(InvalidSessionStateError)
      expect(labels()).toEqual([])
    })

    it('the disposable session rolls back what was not committed when its scope ends', () => {
      const session = factory().session()
      try {
        session.execute(insert(items).values({ id: 1, label: 'uncommitted' }))
      } finally {
        session[Symbol.dispose]()
      }
      const committed = factory().session()
      try {
        committed.execute(insert(items).values({ id: 2, label: 'committed' }))
        committed.commit()
      } finally {
        committed[Symbol.dispose]()
      }
      expect(labels()).toEqual(['committed'])
    })

    itWhen(
      context.capabilities.savepoints,
      'adapter declares no savepoints',
      'a savepoint whose callback throws rolls back only its own block',
      () => {
        const inner = new Error('inner failed')
        factory().begin((s) => {
          s.execute(insert(items).values({ id: 1, label: 'outer' }))
          const error = refusal(() =>
            s.savepoint((sp) => {
              sp.execute(insert(items).values({ id: 2, label: 'inner' }))
              throw inner
            }),
          )
          expect(error).toBe(inner)
          s.savepoint((sp) => sp.execute(insert(items).values({ id: 3, label: 'kept' })))
          s.execute(insert(items).values({ id: 4, label: 'after' }))
        })
        expect(labels()).toEqual(['after', 'kept', 'outer'])
      },
    )

    it('db.execute runs one statement on its own; a failing one writes nothing and the factory goes on', () => {
      expect(factory().execute(insert(items).values({ id: 1, label: 'alone' })).rowCount).toBe(1)
      const error = refusal(() =>
        factory().execute(insert(items).values({ id: 1, label: 'again' })),
      )
      expect(error).toBeInstanceOf(UniqueViolationError)
      expect(factory().scalars(select(items.label).from(items)).all()).toEqual(['alone'])
      expect(factory().tuples(select(items.id, items.label).from(items)).all()).toEqual([
        [1, 'alone'],
      ])
    })

    it('a statement error caught inside the callback: the session rolls back, later statements are refused', () => {
      let caught: unknown
      let later: unknown
      const error = refusal(() =>
        factory().begin((s) => {
          s.execute(insert(items).values({ id: 1, label: 'first' }))
          caught = refusal(() => s.execute(insert(items).values({ id: 1, label: 'duplicate' })))
          later = refusal(() => s.execute(insert(items).values({ id: 2, label: 'later' })))
        }),
      )
      expect(caught).toBeInstanceOf(UniqueViolationError)
      expect(later).toBeInstanceOf(TransactionAbortedError)
      expect(error).toBeInstanceOf(TransactionAbortedError)
      expect(error).toMatchObject({ phase: 'commit', cause: caught })
      expect(labels()).toEqual([])
    })

    itWhen(
      context.capabilities.savepoints,
      'adapter declares no savepoints',
      'a statement error caught inside a savepoint rolls back only the savepoint',
      () => {
        const outcome = factory().begin((s) => {
          s.execute(insert(items).values({ id: 1, label: 'outer' }))
          const inSavepoint = refusal(() =>
            s.savepoint((sp) => {
              sp.execute(insert(items).values({ id: 2, label: 'inner' }))
              refusal(() => sp.execute(insert(items).values({ id: 1, label: 'duplicate' })))
            }),
          )
          s.execute(insert(items).values({ id: 3, label: 'after' }))
          return inSavepoint
        })
        expect(outcome).toBeInstanceOf(TransactionAbortedError)
        expect(labels()).toEqual(['after', 'outer'])
      },
    )

    for (const level of ISOLATION_LEVELS) {
      if (context.capabilities.isolationLevels.includes(level)) {
        it(`runs a session at isolation level ${level}`, () => {
          factory().begin((s) => s.execute(insert(items).values({ id: 1, label: level })), {
            isolationLevel: level,
          })
          expect(labels()).toEqual([level])
        })
      } else {
        it(`refuses isolation level ${level}, which the adapter does not declare, instead of ignoring it`, () => {
          expect(() => factory().begin(() => 'ran', { isolationLevel: level })).toThrow(level)
        })
      }
    }
  })
}
