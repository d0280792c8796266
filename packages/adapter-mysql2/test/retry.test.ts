import {
  add,
  createAll,
  createSessionFactory,
  DeadlockError,
  eq,
  insert,
  integer,
  type Session,
  type SessionFactory,
  select,
  table,
  update,
} from '@nakedsql/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

/*
 * db.begin(fn, { retry }) against real deadlocks: two MariaDB sessions lock two rows in
 * opposite order, and InnoDB rolls one of them back with errno 1213.
 */

const counters = table('counters', {
  id: integer().primaryKey(),
  n: integer().notNull(),
})

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>
let db: SessionFactory

beforeAll(async () => {
  testDatabase = await createTestDatabase('retry')
  db = createSessionFactory(mysql2Adapter({ uri: testDatabase.uri, max: 4 }))
  await db.begin(async (s) => {
    for (const statement of createAll([counters])) await s.execute(statement)
    await s.execute(
      insert(counters).values([
        { id: 1, n: 0 },
        { id: 2, n: 0 },
      ]),
    )
  })
})

afterAll(async () => {
  await db.close()
  await testDatabase.drop()
})

beforeEach(async () => {
  await db.begin((s) => s.execute(update(counters).set({ n: 0 })))
})

/** A gate both first runs must reach, so each holds its first row lock before the second. */
function twoPartyGate() {
  let arrived = 0
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return () => {
    if (++arrived === 2) open()
    return opened
  }
}

/** Increments row `first`, then row `second`; the first run waits at the gate in between. */
function incrementBoth(first: number, second: number, gate: () => Promise<void>, runs: number[]) {
  return async (s: Session) => {
    runs.push(first)
    const bump = (id: number) =>
      s.execute(
        update(counters)
          .set({ n: add(counters.n, 1) })
          .where(eq(counters.id, id)),
      )
    await bump(first)
    if (runs.filter((r) => r === first).length === 1) await gate()
    await bump(second)
  }
}

const values = () =>
  db.begin(async (s) =>
    (await s.scalars(select(counters.n).from(counters).orderBy(counters.id))).all(),
  )

describe('db.begin with retry on MariaDB', () => {
  it('a deadlock victim runs again and both sessions commit', async () => {
    const gate = twoPartyGate()
    const runs: number[] = []
    const retry = { attempts: 3, baseDelayMs: 1 }
    await Promise.all([
      db.begin(incrementBoth(1, 2, gate, runs), { retry }),
      db.begin(incrementBoth(2, 1, gate, runs), { retry }),
    ])
    // Two first runs, and one second run of the session InnoDB chose as the victim.
    expect(runs).toHaveLength(3)
    expect(await values()).toEqual([2, 2])
  })

  it('without retry, the victim fails with DeadlockError (1213) and wrote nothing', async () => {
    const gate = twoPartyGate()
    const runs: number[] = []
    const outcomes = await Promise.allSettled([
      db.begin(incrementBoth(1, 2, gate, runs)),
      db.begin(incrementBoth(2, 1, gate, runs)),
    ])
    const failed = outcomes.filter((o) => o.status === 'rejected')
    expect(failed).toHaveLength(1)
    const error = (failed[0] as PromiseRejectedResult).reason as DeadlockError
    expect(error).toBeInstanceOf(DeadlockError)
    expect(error.code).toBe('1213')
    expect(error.retryable).toBe(true)
    // Only the winner's two increments are there: InnoDB rolled the victim back whole.
    expect(await values()).toEqual([1, 1])
  })
})
