import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSessionFactory, insert, LockTimeoutError, select } from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'
import { createSchema, users } from './schema.js'

/*
 * db.begin(fn, { retry }) on SQLite: a write session takes the write lock at BEGIN IMMEDIATE,
 * so SQLITE_BUSY there (another process holds the lock past the busy timeout) is retryable.
 */

let dir: string

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bs3-retry-'))
})

afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('retry on SQLITE_BUSY at BEGIN', () => {
  test('runs BEGIN again up to the last attempt while another process holds the write lock', async () => {
    const filename = join(dir, 'busy.db')
    const db = createSessionFactory(betterSqlite3Adapter({ filename, busyTimeoutMs: 1 }))
    await createSchema(db)
    const other = new Database(filename)
    other.exec('BEGIN IMMEDIATE')
    let runs = 0
    const error = await db
      .begin(
        async (s) => {
          runs++
          await s.execute(insert(users).values({ email: 'a@x' }))
        },
        { retry: { attempts: 3, baseDelayMs: 1 } },
      )
      .catch((e: unknown) => e)
    other.exec('ROLLBACK')
    other.close()
    expect(error).toBeInstanceOf(LockTimeoutError)
    expect((error as LockTimeoutError).phase).toBe('begin')
    const attempts = (error as LockTimeoutError).attempts!
    expect(attempts).toHaveLength(3)
    for (const attempt of attempts) expect(attempt).toBeInstanceOf(LockTimeoutError)
    // BEGIN never succeeded, so the callback never ran.
    expect(runs).toBe(0)
    // The factory is healthy once the lock is free.
    await db.begin((s) => s.execute(insert(users).values({ email: 'b@x' })))
    expect(
      await db.begin(async (s) => (await s.scalars(select(users.email).from(users))).all()),
    ).toEqual(['b@x'])
    await db.close()
  })

  test('a failure in the middle of the session is not retried: the callback ran once', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
    await createSchema(db)
    let runs = 0
    const failure = new Error('application failure')
    await expect(
      db.begin(
        async () => {
          runs++
          throw failure
        },
        { retry: true },
      ),
    ).rejects.toBe(failure)
    expect(runs).toBe(1)
    expect((failure as { attempts?: unknown[] }).attempts).toEqual([failure])
    await db.close()
  })
})
