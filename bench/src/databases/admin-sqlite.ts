import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import type { DatabaseId, Sizes } from '../config.js'
import { sqliteTimestamp } from '../data.js'
import type { Admin } from './admin.js'
import { ddl, postColumns, userColumns } from './ddl.js'
import { postChunks, userChunks, valuesList } from './seed-rows.js'

function encode(value: unknown): unknown {
  if (value instanceof Date) return sqliteTimestamp(value)
  if (typeof value === 'boolean') return value ? 1 : 0
  return value
}

/**
 * Both SQLite contenders get their own file; libSQL reads the SQLite file format, so one
 * seeding path serves both. WAL is a property of the file, so every contender sees it.
 */
export async function openSqliteAdmin(id: DatabaseId, file: string): Promise<Admin> {
  mkdirSync(dirname(file), { recursive: true })
  rmSync(file, { force: true })
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  return {
    id,
    async setup(sizes: Sizes) {
      for (const statement of ddl[id]) db.exec(statement)
      const insertAll = db.transaction(() => {
        for (const rows of userChunks(sizes, encode, 500)) {
          const sql = `INSERT INTO users (${userColumns.join(', ')}) VALUES ${valuesList(rows.length, userColumns.length, false)}`
          db.prepare(sql).run(rows.flat())
        }
        for (const rows of postChunks(sizes, encode, 500)) {
          const sql = `INSERT INTO posts (${postColumns.join(', ')}) VALUES ${valuesList(rows.length, postColumns.length, false)}`
          db.prepare(sql).run(rows.flat())
        }
      })
      insertAll()
      db.exec('ANALYZE')
      db.pragma('wal_checkpoint(TRUNCATE)')
    },
    async cleanup(sizes: Sizes) {
      const { changes } = db.prepare('DELETE FROM users WHERE id > ?').run(sizes.users)
      if (changes > 0) db.pragma('wal_checkpoint(PASSIVE)')
      return changes
    },
    async teardown() {
      db.close()
      for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true })
    },
  }
}
