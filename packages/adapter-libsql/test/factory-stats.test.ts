import { createSessionFactory } from '@nakedsql/core'
import { describe, expect, it } from 'vitest'
import { libsqlAdapter } from '../src/index.js'

/* SessionFactory.stats() over libSQL: a local database serves one session at a time. */

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('SessionFactory.stats() on libSQL', () => {
  it('reports the one slot of a local database, the session holding it and the one waiting', async () => {
    const db = createSessionFactory(libsqlAdapter({ url: ':memory:' }))
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    let entered!: () => void
    const inside = new Promise<void>((resolve) => {
      entered = resolve
    })
    const first = db.begin(async () => {
      entered()
      await held
    })
    await inside
    const second = db.begin(() => 'second')
    await turn()
    expect(db.stats()).toEqual({ idle: 0, inUse: 1, waiting: 1, sessions: 1 })
    release()
    await first
    expect(await second).toBe('second')
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    await db.close()
  })
})
