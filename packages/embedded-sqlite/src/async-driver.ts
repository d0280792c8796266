import {
  type Capabilities,
  type Dialect,
  type Driver,
  type DriverConnection,
  type DriverStats,
  type ExecuteOptions,
  InvalidSessionStateError,
  PoolTimeoutError,
  type QueryResult,
  sqlite,
} from '@nakedsql/core'
import { isSqliteBusy } from './busy.js'
import { sqliteCapabilities } from './capabilities.js'
import type { SqliteDatabase } from './database.js'
import { SqliteConnection } from './sqlite-connection.js'

/** What {@link embeddedSqliteDriver} runs on. */
export interface EmbeddedSqliteOptions {
  /** The open database. */
  readonly db: SqliteDatabase
  /** Whether the driver opened the database and so closes it. */
  readonly owned: boolean
  /** Prepared statements kept, least recently used evicted. */
  readonly statementCacheSize: number
  /** The adapter's name in error messages, as `better-sqlite3` or `libSQL`. */
  readonly name: string
  /**
   * Opens the database again. Given by engines whose statement that failed with SQLITE_BUSY
   * stays unfinished and keeps its lock (libSQL): the driver then replaces the connection as
   * soon as no session holds it. Left out for `:memory:`, whose data would be lost.
   */
  readonly reopen?: () => SqliteDatabase
}

interface Waiter {
  resolve(connection: DriverConnection): void
  reject(error: unknown): void
  timer: ReturnType<typeof setTimeout>
}

/** The promise face of the one synchronous connection. */
class AsyncSqliteConnection implements DriverConnection {
  readonly sync: SqliteConnection
  /** A statement failed with SQLITE_BUSY since the connection was opened. */
  busyFailed = false

  constructor(sync: SqliteConnection) {
    this.sync = sync
  }

  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<QueryResult> {
    try {
      return Promise.resolve(this.executeSync(sql, params, options))
    } catch (error) {
      return Promise.reject(error)
    }
  }

  executeSync(sql: string, params: readonly unknown[], options?: ExecuteOptions): QueryResult {
    try {
      return this.sync.execute(sql, params, options)
    } catch (error) {
      this.#noteFailure(error)
      throw error
    }
  }

  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): Promise<{ rowCount: number }> {
    try {
      return Promise.resolve(this.sync.executeMany(sql, paramSets, options))
    } catch (error) {
      this.#noteFailure(error)
      return Promise.reject(error)
    }
  }

  inTransaction(): boolean {
    return this.sync.inTransaction()
  }

  #noteFailure(error: unknown): void {
    if (isSqliteBusy(error)) this.busyFailed = true
  }
}

/**
 * One embedded connection shared by sessions one at a time: a session holds it from BEGIN to
 * COMMIT across all its awaits, and the next session waits for it (first come, first served)
 * until the acquire timeout.
 */
class EmbeddedSqliteDriver implements Driver {
  readonly dialect: Dialect = sqlite
  readonly capabilities: Capabilities = sqliteCapabilities
  #connection: AsyncSqliteConnection
  readonly #owned: boolean
  readonly #name: string
  readonly #statementCacheSize: number
  readonly #reopen: (() => SqliteDatabase) | undefined
  readonly #waiters: Waiter[] = []
  #busy = false
  #closed = false

  constructor(options: EmbeddedSqliteOptions) {
    this.#statementCacheSize = options.statementCacheSize
    this.#connection = this.#connect(options.db)
    this.#owned = options.owned
    this.#name = options.name
    this.#reopen = options.reopen
  }

  #connect(db: SqliteDatabase): AsyncSqliteConnection {
    return new AsyncSqliteConnection(new SqliteConnection(db, this.#statementCacheSize))
  }

  /**
   * Replaces a connection on which a statement failed with SQLITE_BUSY, where the engine
   * leaves such a statement holding its lock. Runs only while no session holds the connection.
   * Should the file not open again, the old connection stays and the next release retries.
   */
  #reopenIfStuck(): void {
    const old = this.#connection
    if (!old.busyFailed || this.#reopen === undefined) return
    let db: SqliteDatabase
    try {
      db = this.#reopen()
    } catch {
      return
    }
    old.sync.reset()
    old.sync.close()
    old.sync.db.close()
    this.#connection = this.#connect(db)
  }

  acquire(options: { readonly timeoutMs: number }): Promise<DriverConnection> {
    if (this.#closed) return Promise.reject(closedError(this.#name))
    if (!this.#busy) {
      this.#busy = true
      return Promise.resolve(this.#connection)
    }
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        timer: setTimeout(() => {
          const index = this.#waiters.indexOf(waiter)
          if (index >= 0) this.#waiters.splice(index, 1)
          reject(
            new PoolTimeoutError(
              options.timeoutMs,
              `the one SQLite connection is held by another session; ${this.#waiters.length} other session(s) waiting`,
            ),
          )
        }, options.timeoutMs),
      }
      this.#waiters.push(waiter)
    })
  }

  acquireNow(): DriverConnection | undefined {
    if (this.#busy || this.#closed) return undefined
    this.#busy = true
    return this.#connection
  }

  /** A statement on its own, run at once while no session holds the connection. */
  executeNow(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): QueryResult | undefined {
    if (this.#busy || this.#closed) return undefined
    const connection = this.#connection
    const sync = connection.sync
    try {
      return connection.executeSync(sql, params, options)
    } finally {
      // A raw BEGIN run on its own must not leave the next session inside its transaction.
      if (sync.inTransaction()) sync.reset()
      if (connection.busyFailed) this.#reopenIfStuck()
    }
  }

  release(connection: DriverConnection, options: { readonly destroy: boolean }): Promise<void> {
    if (connection !== this.#connection || !this.#busy) return Promise.resolve()
    if (options.destroy || this.#connection.sync.inTransaction()) this.#connection.sync.reset()
    if (this.#connection.busyFailed) this.#reopenIfStuck()
    const next = this.#waiters.shift()
    if (next === undefined) {
      this.#busy = false
    } else {
      clearTimeout(next.timer)
      next.resolve(this.#connection)
    }
    return Promise.resolve()
  }

  stats(): DriverStats {
    const open = this.#closed ? 0 : 1
    return {
      idle: this.#busy ? 0 : open,
      inUse: this.#busy ? 1 : 0,
      waiting: this.#waiters.length,
    }
  }

  close(): Promise<void> {
    if (this.#closed) return Promise.resolve()
    this.#closed = true
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer)
      waiter.reject(closedError(this.#name))
    }
    const sync = this.#connection.sync
    sync.reset()
    sync.close()
    if (this.#owned) sync.db.close()
    return Promise.resolve()
  }
}

/** Shared with the synchronous drivers, whose closed state reads the same. */
export function closedError(name: string): InvalidSessionStateError {
  return new InvalidSessionStateError(
    'closed',
    'open',
    `the ${name} adapter was closed: create a new adapter and factory to open sessions.`,
    { phase: 'acquire' },
  )
}

/**
 * The async driver of an embedded SQLite engine with better-sqlite3's API: one connection,
 * sessions take turns on it, statements prepared once and kept. Adapters open the database
 * and pass it in.
 *
 * @example
 * import Database from 'better-sqlite3'
 * import { embeddedSqliteDriver } from '@nakedsql/embedded-sqlite'
 *
 * const driver = embeddedSqliteDriver({
 *   db: new Database('app.db'),
 *   owned: true,
 *   statementCacheSize: 500,
 *   name: 'better-sqlite3',
 * })
 */
export function embeddedSqliteDriver(options: EmbeddedSqliteOptions): Driver {
  return new EmbeddedSqliteDriver(options)
}
