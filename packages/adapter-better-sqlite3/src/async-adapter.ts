import type { Driver } from '@nakedsql/core'
import { embeddedSqliteDriver } from '@nakedsql/embedded-sqlite'
import { type BetterSqlite3AdapterOptions, openDatabase } from './options.js'

/**
 * The better-sqlite3 driver for async sessions (`createSessionFactory`). One connection per
 * database; file databases get WAL and a busy timeout.
 *
 * @example
 * import { createSessionFactory } from '@nakedsql/core'
 * import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
 *
 * const db = createSessionFactory(betterSqlite3Adapter({ filename: 'app.db' }))
 */
export function betterSqlite3Adapter(options: BetterSqlite3AdapterOptions): Driver {
  return embeddedSqliteDriver({ ...openDatabase(options), name: 'better-sqlite3' })
}
