import {
  createSessionFactory,
  createSyncSessionFactory,
  sql,
  UnsupportedOptionError,
} from '@nakedsql/core'
import { describe, expect, test } from 'vitest'
import { betterSqlite3Adapter, betterSqlite3SyncAdapter } from '../src/index.js'

/*
 * better-sqlite3 runs a statement on the calling thread and cannot interrupt it, so a
 * statement timeout is refused rather than silently ignored.
 */

const one = sql<[number]>`SELECT 1`

describe('statement timeouts on better-sqlite3', () => {
  test('the driver declares none', () => {
    expect(betterSqlite3Adapter({ filename: ':memory:' }).capabilities.statementTimeout).toBe(false)
  })

  test('a session timeoutMs is refused before BEGIN, and the connection stays free', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
    const error = await db.begin(() => 1, { timeoutMs: 100 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UnsupportedOptionError)
    expect((error as UnsupportedOptionError).option).toBe('timeoutMs')
    expect((error as UnsupportedOptionError).phase).toBe('begin')
    expect(db.stats()).toEqual({ idle: 1, inUse: 0, waiting: 0, sessions: 0 })
    await db.close()
  })

  test('a statement timeoutMs is refused before the statement runs; the session goes on', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
    const value = await db.begin(async (s) => {
      await expect(s.execute(one, undefined, { timeoutMs: 100 })).rejects.toBeInstanceOf(
        UnsupportedOptionError,
      )
      return (await s.scalars(one)).one()
    })
    expect(value).toBe(1)
    await db.close()
  })

  test('synchronous sessions refuse it the same way', () => {
    const db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: ':memory:' }))
    expect(() => db.begin(() => 1, { timeoutMs: 100 })).toThrow(UnsupportedOptionError)
    expect(() => db.begin((s) => s.execute(one, undefined, { timeoutMs: 100 }))).toThrow(
      UnsupportedOptionError,
    )
    expect(db.begin((s) => s.scalars(one).one())).toBe(1)
    db.close()
  })
})
