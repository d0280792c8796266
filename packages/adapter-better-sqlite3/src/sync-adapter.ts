import {
  type Capabilities,
  type Dialect,
  PoolTimeoutError,
  type SyncDriver,
  type SyncDriverConnection,
  sqlite,
} from '@nakedsql/core'
import { closedError, SqliteConnection, sqliteCapabilities } from '@nakedsql/embedded-sqlite'
import { type BetterSqlite3AdapterOptions, openDatabase } from './options.js'

/**
 * The one connection for synchronous sessions. A synchronous caller cannot wait for it, so
 * taking it while another session holds it (a session opened inside another) fails at once.
 */
class BetterSqlite3SyncDriver implements SyncDriver {
  readonly dialect: Dialect = sqlite
  readonly capabilities: Capabilities = sqliteCapabilities
  readonly #connection: SqliteConnection
  readonly #owned: boolean
  #busy = false
  #closed = false

  constructor(options: BetterSqlite3AdapterOptions) {
    const { db, owned, statementCacheSize } = openDatabase(options)
    this.#connection = new SqliteConnection(db, statementCacheSize)
    this.#owned = owned
  }

  acquire(): SyncDriverConnection {
    if (this.#closed) throw closedError('better-sqlite3')
    if (this.#busy) {
      throw new PoolTimeoutError(
        0,
        'the one SQLite connection is held by another synchronous session, and a synchronous session cannot wait: do not open a session inside another',
      )
    }
    this.#busy = true
    return this.#connection
  }

  release(connection: SyncDriverConnection, options: { readonly destroy: boolean }): void {
    if (connection !== this.#connection || !this.#busy) return
    if (options.destroy || this.#connection.inTransaction()) this.#connection.reset()
    this.#busy = false
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#connection.reset()
    this.#connection.close()
    if (this.#owned) this.#connection.db.close()
  }
}

/**
 * The better-sqlite3 driver for synchronous sessions (`createSyncSessionFactory`): the same
 * rules as the async sessions, without promises.
 *
 * @example
 * import { createSyncSessionFactory } from '@nakedsql/core'
 * import { betterSqlite3SyncAdapter } from '@nakedsql/adapter-better-sqlite3'
 *
 * const db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: 'app.db' }))
 */
export function betterSqlite3SyncAdapter(options: BetterSqlite3AdapterOptions): SyncDriver {
  return new BetterSqlite3SyncDriver(options)
}
