import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createSessionFactory,
  InvalidSessionStateError,
  insert,
  type LeakInfo,
  type SessionFactory,
} from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'
import { createSchema, users } from './schema.js'

/* The life of a session factory: close(), stats() and the leak warning. */

let dir: string
let filename: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bs3-close-'))
  filename = join(dir, 'app.db')
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

/** A promise the test opens by hand, so a session stays open exactly as long as needed. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { opened, open }
}

/** Emails in the file, read by a separate connection. */
function emailsOnDisk(): string[] {
  const raw = new Database(filename, { readonly: true })
  try {
    return raw.prepare('SELECT email FROM users ORDER BY email').pluck().all() as string[]
  } finally {
    raw.close()
  }
}

async function fileFactory(options = {}): Promise<SessionFactory> {
  const db = createSessionFactory(betterSqlite3Adapter({ filename }), options)
  await createSchema(db)
  return db
}

const turn = () => new Promise((resolve) => setImmediate(resolve))

describe('SessionFactory.close()', () => {
  test('refuses new sessions with an error that names close()', async () => {
    const db = await fileFactory()
    await db.close()
    const error = await db.begin(() => 1).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidSessionStateError)
    expect((error as InvalidSessionStateError).phase).toBe('acquire')
    expect((error as Error).message).toContain('close() was called')
    await expect(db.session()).rejects.toBeInstanceOf(InvalidSessionStateError)
  })

  test('waits for a running session, which still commits, and refuses new ones meanwhile', async () => {
    const db = await fileFactory()
    const hold = gate()
    const running = db.begin(async (s) => {
      await s.execute(insert(users).values({ email: 'before-close@x' }))
      await hold.opened
      await s.execute(insert(users).values({ email: 'during-close@x' }))
    })
    await turn()
    let closed = false
    const closing = db.close().then(() => {
      closed = true
    })
    await turn()
    expect(closed).toBe(false)
    await expect(db.begin(() => 1)).rejects.toBeInstanceOf(InvalidSessionStateError)
    hold.open()
    await running
    await closing
    expect(emailsOnDisk()).toEqual(['before-close@x', 'during-close@x'])
  })

  test('rolls back a session still running at the deadline; its callback then fails', async () => {
    const db = await fileFactory()
    const hold = gate()
    let lateCall: Promise<unknown> | undefined
    const running = db.begin(async (s) => {
      await s.execute(insert(users).values({ email: 'rolled-back@x' }))
      await hold.opened
      lateCall = s.execute(insert(users).values({ email: 'too-late@x' }))
      await lateCall
    })
    running.catch(() => {})
    await turn()
    await db.close({ timeoutMs: 5 })
    expect(emailsOnDisk()).toEqual([])
    hold.open()
    const error = await running.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(InvalidSessionStateError)
    expect((error as Error).message).toContain("close()'s timeout of 5 ms")
    await expect(lateCall).rejects.toBeInstanceOf(InvalidSessionStateError)
  })

  test('a second close() returns the same promise', async () => {
    const db = await fileFactory()
    const first = db.close()
    expect(db.close()).toBe(first)
    await first
  })

  test('refuses a timeout that is not a positive finite number', async () => {
    const db = await fileFactory()
    await expect(db.close({ timeoutMs: Number.POSITIVE_INFINITY })).rejects.toThrow(RangeError)
    await db.close()
  })
})

describe('SessionFactory.stats()', () => {
  test('counts the idle connection, the session holding it and the session waiting for it', async () => {
    const db = await fileFactory()
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    const hold = gate()
    const first = db.begin(() => hold.opened)
    await turn()
    const second = db.begin(() => 'second')
    await turn()
    expect(db.stats()).toEqual({ idle: 0, inUse: 1, waiting: 1, sessions: 1 })
    hold.open()
    await first
    expect(await second).toBe('second')
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    await db.close()
  })
})

describe('the leak warning', () => {
  test('reports a session held past leakWarningMs, with the stack of the code that opened it', async () => {
    const leaks: LeakInfo[] = []
    const warned = gate()
    const db = await fileFactory({
      leakWarningMs: 1,
      onLeak: (leak: LeakInfo) => {
        leaks.push(leak)
        warned.open()
      },
    })
    await db.begin(() => warned.opened)
    expect(leaks).toHaveLength(1)
    expect(leaks[0]!.heldMs).toBe(1)
    expect(leaks[0]!.stack).toContain('factory-close.test.ts')
    expect(leaks[0]!.message).toContain('more than 1 ms')
    await db.close()
  })

  test('without onLeak, it is a process warning of type NakedSqlSessionLeak', async () => {
    const db = await fileFactory({ leakWarningMs: 1 })
    const warning = new Promise<Error & { detail?: string }>((resolve) => {
      const listener = (w: Error) => {
        if (w.name !== 'NakedSqlSessionLeak') return
        process.off('warning', listener)
        resolve(w)
      }
      process.on('warning', listener)
    })
    await using session = await db.session()
    const seen = await warning
    expect(seen.detail).toContain('factory-close.test.ts')
    expect(session.state).toBe('open')
  })

  test('refuses a leakWarningMs that is not a positive finite number', () => {
    expect(() =>
      createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }), { leakWarningMs: 0 }),
    ).toThrow(RangeError)
  })
})
