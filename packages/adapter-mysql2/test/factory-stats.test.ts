import { createSessionFactory } from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase, eventually } from './support.js'

/* SessionFactory.stats() over a real mysql2 pool. */

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  testDatabase = await createTestDatabase('stats')
})

afterAll(async () => {
  await testDatabase.drop()
})

describe('SessionFactory.stats() on MariaDB', () => {
  it('reports idle, in-use and waiting connections, and the open sessions', async () => {
    const db = createSessionFactory(mysql2Adapter({ uri: testDatabase.uri, max: 2 }))
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
