/**
 * The better-sqlite3 adapter of nakedsql: async and synchronous sessions on embedded SQLite.
 *
 * @packageDocumentation
 */
export { betterSqlite3Adapter } from './async-adapter.js'
export { sqliteCapabilities } from './capabilities.js'
export type { BetterSqlite3Database, BetterSqlite3Statement } from './database.js'
export type { BetterSqlite3AdapterOptions } from './options.js'
export { betterSqlite3SyncAdapter } from './sync-adapter.js'
