import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import {
  createSessionFactory,
  DatabaseError,
  LockTimeoutError,
  NakedSqlError,
  type SessionFactory,
  sql,
} from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'

/*
 * better-sqlite3 faults at the end of a session: SQLITE_BUSY at COMMIT (another connection
 * holds a read lock the COMMIT must wait out) and SQLITE_FULL (max_page_count).
 */

let dir: string
let file: string
let db: SessionFactory

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-fault-sqlite-'))
  file = join(dir, 'faults.db')
})

afterEach(async () => {
  await db.close()
  rmSync(dir, { recursive: true, force: true })
})

async function rows(): Promise<unknown[]> {
  return db.begin(async (s) => (await s.scalars(sql`SELECT id FROM marks ORDER BY id`)).all())
}

describe('better-sqlite3: failures at COMMIT', () => {
  it('SQLITE_BUSY at COMMIT (a reader holds the database): LockTimeoutError, phase commit, nothing written', async () => {
    // A rollback journal: COMMIT needs an exclusive lock, which a reader's shared lock blocks.
    db = createSessionFactory(
      betterSqlite3Adapter({ filename: file, wal: false, busyTimeoutMs: 50 }),
    )
    await db.begin(async (s) => {
      await s.execute(sql`CREATE TABLE marks (id text PRIMARY KEY)`)
    })
    const reader = new Database(file)
    reader.exec('BEGIN')
    reader.prepare('SELECT * FROM marks').all()
    let error: unknown
    try {
      error = await db
        .begin(async (s) => {
          await s.execute(sql`INSERT INTO marks VALUES ('busy-at-commit')`)
        })
        .catch((e: unknown) => e)
    } finally {
      reader.exec('COMMIT')
      reader.close()
    }
    expect(error).toBeInstanceOf(LockTimeoutError)
    expect(error).toMatchObject({ phase: 'commit', code: 'SQLITE_BUSY' })
    // The connection came back outside any transaction and nothing was written.
    expect(await rows()).toEqual([])
  })

  // SQLite checks max_page_count when a statement allocates a page, so SQLITE_FULL is raised
  // by the statement that grows the file, never by COMMIT: "at COMMIT" cannot be produced
  // this way. What is checked is that it ends the whole session, written or swallowed.
  describe('SQLITE_FULL (max_page_count)', () => {
    async function fullDatabase() {
      db = createSessionFactory(betterSqlite3Adapter({ filename: file }))
      await db.begin(async (s) => {
        await s.execute(sql`CREATE TABLE marks (id text PRIMARY KEY)`)
        const pages = (await s.scalars(sql<[number]>`PRAGMA page_count`)).one()
        await s.execute(sql.raw(`PRAGMA max_page_count = ${Number(pages) + 1}`))
      })
    }

    const fill = async (s: Parameters<Parameters<SessionFactory['begin']>[0]>[0]) => {
      await s.execute(sql`INSERT INTO marks VALUES ('first')`)
      for (let i = 0; i < 50; i++) {
        await s.execute(sql`INSERT INTO marks VALUES (${`${i}-${'x'.repeat(2000)}`})`)
      }
    }

    it('raised by a statement: classified with code SQLITE_FULL, the session rolls back, nothing written', async () => {
      await fullDatabase()
      const error = await db.begin(fill).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(DatabaseError)
      expect(error).toMatchObject({ code: 'SQLITE_FULL', phase: 'statement' })
      expect(await rows()).toEqual([])
    })

    it('swallowed by the callback: COMMIT fails (SQLite already rolled back), nothing written', async () => {
      await fullDatabase()
      const error = await db
        .begin(async (s) => {
          await fill(s).catch(() => undefined)
        })
        .catch((e: unknown) => e)
      expect(error).toBeInstanceOf(NakedSqlError)
      expect(error).toMatchObject({ phase: 'commit' })
      expect(await rows()).toEqual([])
    })
  })
})
