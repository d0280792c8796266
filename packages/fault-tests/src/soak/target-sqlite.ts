import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import { libsqlAdapter } from '@nakedsql/adapter-libsql'
import { createSessionFactory, type Driver } from '@nakedsql/core'
import Database from 'better-sqlite3'
import { abortFault } from './faults.js'
import { LockHolder } from './lock-holder.js'
import { schema, type Target, type TargetName } from './target.js'

/*
 * better-sqlite3 and libSQL under soak: one WAL file each in a temporary directory, one
 * connection for 8 sessions at once, and faults that hold the write lock from a second
 * connection (busy contention) and abort a statement partway.
 */

/** Short, so that a held lock turns into SQLITE_BUSY rather than a long wait. */
const BUSY_TIMEOUT_MS = 50

async function sqliteTarget(name: TargetName, driver: (file: string) => Driver): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), `nakedsql-soak-${name}-`))
  const file = join(dir, 'soak.db')
  const setup = new Database(file)
  setup.pragma('journal_mode = WAL')
  for (const statement of schema('sqlite')) setup.exec(statement)
  setup.close()
  const db = createSessionFactory(driver(file))
  const holder = new LockHolder(file)
  return {
    name,
    db,
    poolSize: 1,
    concurrency: 8,
    readIsolation: 'serializable',
    faults: (ctx) => ({
      busy: () => holder.hold(100 + Math.random() * 200),
      abort: abortFault(ctx),
    }),
    async close() {
      await db.close()
      await holder.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export const betterSqlite3Target = () =>
  sqliteTarget('better-sqlite3', (file) =>
    betterSqlite3Adapter({ filename: file, busyTimeoutMs: BUSY_TIMEOUT_MS }),
  )

export const libsqlTarget = () =>
  sqliteTarget('libsql', (file) =>
    libsqlAdapter({ url: `file:${file}`, busyTimeoutMs: BUSY_TIMEOUT_MS }),
  )
