/**
 * The better-sqlite3 adapter of nakedsql: async and synchronous sessions on embedded SQLite.
 *
 * @packageDocumentation
 */

export {
  type SqliteDatabase as BetterSqlite3Database,
  type SqliteStatement as BetterSqlite3Statement,
  sqliteCapabilities,
} from '@nakedsql/embedded-sqlite'
export { betterSqlite3Adapter } from './async-adapter.js'
export type { BetterSqlite3AdapterOptions } from './options.js'
export { betterSqlite3SyncAdapter } from './sync-adapter.js'
