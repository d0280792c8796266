import {
  add,
  count,
  createAll,
  createSessionFactory,
  deleteFrom,
  eq,
  insert,
  integer,
  SerializationFailureError,
  type Session,
  type SessionFactory,
  select,
  table,
  update,
} from '@nakedsql/core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

/*
 * db.begin(fn, { retry }) against real serialization failures: two SERIALIZABLE sessions of
 * PostgreSQL that conflict, so the server aborts one with SQLSTATE 40001.
 */

const accounts = table('accounts', {
  id: integer().primaryKey(),
  balance: integer().notNull(),
})
const entries = table('entries', {
  id: integer().primaryKey().autoIncrement(),
  seen: integer().notNull(),
})

let testSchema: Awaited<ReturnType<typeof createTestSchema>>
let db: SessionFactory

beforeAll(async () => {
  testSchema = await createTestSchema('pg_retry')
  db = createSessionFactory(pgAdapter({ ...testSchema.options, max: 4 }))
  await db.begin(async (s) => {
    for (const statement of createAll([accounts, entries])) await s.execute(statement)
  })
})

afterAll(async () => {
  await db.close()
  await testSchema.drop()
})

beforeEach(async () => {
  await db.begin(async (s) => {
    await s.execute(update(accounts).set({ balance: 0 }))
    await s.execute(insert(accounts).values({ id: 1, balance: 0 }).onConflictDoNothing())
  })
})

const balance = () =>
  db.begin(async (s) =>
    (await s.scalars(select(accounts.balance).from(accounts).where(eq(accounts.id, 1)))).one(),
  )

/** A deposit by another SERIALIZABLE session, committed while the caller's session runs. */
const concurrentDeposit = () =>
  db.begin(
    (other) =>
      other.execute(
        update(accounts)
          .set({ balance: add(accounts.balance, 100) })
          .where(eq(accounts.id, 1)),
      ),
    { isolationLevel: 'serializable' },
  )

/** Reads the balance, lets `interfere` run, then writes what it read plus 10. */
function readThenWrite(interfere: (run: number) => Promise<unknown>, runs: { n: number }) {
  return async (s: Session) => {
    const run = ++runs.n
    const read = (
      await s.scalars(select(accounts.balance).from(accounts).where(eq(accounts.id, 1)))
    ).one()
    await interfere(run)
    await s.execute(
      update(accounts)
        .set({ balance: read + 10 })
        .where(eq(accounts.id, 1)),
    )
    return read
  }
}

describe('db.begin with retry on PostgreSQL', () => {
  it('runs the whole callback again after a serialization failure, and the retry commits', async () => {
    const runs = { n: 0 }
    const read = await db.begin(
      readThenWrite((run) => (run === 1 ? concurrentDeposit() : Promise.resolve()), runs),
      { isolationLevel: 'serializable', retry: { attempts: 3, baseDelayMs: 1 } },
    )
    expect(runs.n).toBe(2)
    // The second run read the deposit, so no update was lost.
    expect(read).toBe(100)
    expect(await balance()).toBe(110)
  })

  it('gives up after the last attempt with the final error, listing every attempt', async () => {
    const runs = { n: 0 }
    const outcome = db.begin(
      readThenWrite(() => concurrentDeposit(), runs),
      { isolationLevel: 'serializable', retry: { attempts: 3, baseDelayMs: 1 } },
    )
    const error = await outcome.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SerializationFailureError)
    expect((error as SerializationFailureError).code).toBe('40001')
    expect(runs.n).toBe(3)
    const attempts = (error as SerializationFailureError).attempts!
    expect(attempts).toHaveLength(3)
    expect(attempts[2]).toBe(error)
    for (const attempt of attempts) expect(attempt).toBeInstanceOf(SerializationFailureError)
    // Only the three concurrent deposits committed; none of the failed runs wrote.
    expect(await balance()).toBe(300)
  })

  it('without retry, the serialization failure reaches the caller after one run', async () => {
    const runs = { n: 0 }
    const error = await db
      .begin(
        readThenWrite(() => concurrentDeposit(), runs),
        { isolationLevel: 'serializable' },
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SerializationFailureError)
    expect((error as SerializationFailureError).attempts).toBeUndefined()
    expect(runs.n).toBe(1)
  })

  it('two write-skewed SERIALIZABLE sessions both succeed, as if run one after the other', async () => {
    await db.begin((s) => s.execute(deleteFrom(entries)))
    // Each session counts the entries and adds one carrying the count it saw. Run at once
    // they read the same count; serializable execution forbids that, so one is retried.
    let arrived = 0
    let release!: () => void
    const bothRead = new Promise<void>((resolve) => {
      release = resolve
    })
    const runs = { n: 0 }
    const addEntry = () =>
      db.begin(
        async (s) => {
          runs.n++
          const seen = (await s.scalars(select(count()).from(entries))).one()
          if (runs.n <= 2) {
            if (++arrived === 2) release()
            await bothRead
          }
          await s.execute(insert(entries).values({ seen: Number(seen) }))
        },
        { isolationLevel: 'serializable', retry: { attempts: 4, baseDelayMs: 1 } },
      )
    await Promise.all([addEntry(), addEntry()])
    expect(runs.n).toBe(3)
    const seen = await db.begin(async (s) =>
      (await s.scalars(select(entries.seen).from(entries).orderBy(entries.seen))).all(),
    )
    expect(seen).toEqual([0, 1])
  })
})
