/**
 * What nakedsql's embedded SQLite adapters share: the connection over an engine with
 * better-sqlite3's API (prepared statement cache, array rows, rows mapped as they are
 * stepped) and the async driver that lets sessions take turns on it. Applications use an
 * adapter (`@nakedsql/adapter-better-sqlite3`, `@nakedsql/adapter-libsql`), not this package.
 *
 * @packageDocumentation
 */
export { closedError, type EmbeddedSqliteOptions, embeddedSqliteDriver } from './async-driver.js'
export { isSqliteBusy } from './busy.js'
export { sqliteCapabilities } from './capabilities.js'
export type { SqliteDatabase, SqliteStatement } from './database.js'
export { SqliteConnection } from './sqlite-connection.js'
