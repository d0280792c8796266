import {
  createSessionFactory,
  InvalidSessionStateError,
  type SessionFactory,
  sql,
} from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema, eventually } from './support.js'

/* SessionFactory.close() and stats() over a real pg pool. */

let testSchema: Awaited<ReturnType<typeof createTestSchema>>

beforeAll(async () => {
  testSchema = await createTestSchema('pg_close')
})

afterAll(async () => {
  await testSchema.drop()
})

// A server notices a vanished client during a long statement only when it checks the
// socket (PostgreSQL 14+); without it the backend would sleep on and then roll back.
const factory = (): SessionFactory =>
  createSessionFactory(
    pgAdapter({
      ...testSchema.options,
      options: `${testSchema.options.options} -c client_connection_check_interval=50`,
      max: 2,
    }),
  )

async function backendAlive(pid: string): Promise<boolean> {
  const found = await testSchema.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])
  return found.rowCount === 1
}

describe('SessionFactory.close() on PostgreSQL', () => {
  it('at the deadline, destroys the connection of a session stuck in a statement', async () => {
    const db = factory()
    let pid = ''
    let started!: () => void
    const sleeping = new Promise<void>((resolve) => {
      started = resolve
    })
    const stuck = db.begin(async (s) => {
      pid = String((await s.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one())
      const sleep = s.execute(sql`SELECT pg_sleep(60)`)
      started()
      await sleep
    })
    stuck.catch(() => {})
    await sleeping
    await eventually(async () => {
      const { rows } = await testSchema.admin.query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND query LIKE '%pg_sleep%' AND state = 'active'",
        [pid],
      )
      return rows.length === 1
    }, 'pg_sleep running')
    await db.close({ timeoutMs: 20 })
    await expect(stuck).rejects.toBeInstanceOf(InvalidSessionStateError)
    // The backend is gone, so its transaction is over and nothing holds a lock.
    await eventually(async () => !(await backendAlive(pid)), 'backend ended')
  })

  it('stats() reports the pool: idle, in use, waiting, and the open sessions', async () => {
    const db = factory()
    expect(db.stats()).toEqual({ idle: 0, inUse: 0, waiting: 0, sessions: 0 })
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let inside = 0
    let bothInside!: () => void
    const ready = new Promise<void>((resolve) => {
      bothInside = resolve
    })
    const hold = () =>
      db.begin(async () => {
        if (++inside === 2) bothInside()
        await held
      })
    const sessions = [hold(), hold()]
    await ready
    const third = db.begin(() => 'third')
    await eventually(() => db.stats().waiting === 1, 'third session waiting')
    expect(db.stats()).toEqual({ idle: 0, inUse: 2, waiting: 1, sessions: 2 })
    release()
    await Promise.all(sessions)
    expect(await third).toBe('third')
    expect(db.stats()).toEqual({ idle: 2, inUse: 0, waiting: 0, sessions: 0 })
    await db.close()
  })
})
