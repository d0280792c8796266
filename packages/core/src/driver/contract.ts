import type { Dialect, TransactionOptions } from '../dialect/dialect.js'
import type { ColumnType } from '../schema/column-type.js'

/*
 * The Driver contract: what an adapter author writes. It is deliberately small. Sessions,
 * statement compilation, value codecs, error classification and result mapping are core's
 * job; a driver moves SQL text and already-encoded values to the database and brings back
 * array rows. A driver never sees a statement tree and never converts a value.
 */

/** What a driver and its server can do. Core and the contract suite consult these, never a driver's name. */
export interface Capabilities {
  /** Statement kinds on which RETURNING works. */
  readonly returning: {
    readonly insert: boolean
    readonly update: boolean
    readonly delete: boolean
  }
  readonly savepoints: boolean
  /** Isolation levels the driver can start a transaction with. */
  readonly isolationLevels: readonly import('../dialect/dialect.js').IsolationLevel[]
  readonly readOnly: boolean
  /** More than one connection may be open at once (false for one embedded connection). */
  readonly concurrentConnections: boolean
  /**
   * The most bound values one statement may carry, when the driver's limit is lower than its
   * dialect's (`Dialect.maxParameters`). Core batches executemany inserts under it and
   * refuses a larger statement before sending it.
   */
  readonly maxParameters?: number
  /**
   * Whether core folds an executemany of a single-row `INSERT ... VALUES` into multi-row
   * inserts (one round trip per batch). Default true, and right for embedded engines too,
   * where one multi-row insert binds and steps once for many rows; a driver for which one
   * statement run per set is faster sets false.
   */
  readonly batchInserts?: boolean
  /**
   * Whether the driver honours `ExecuteOptions.timeoutMs` with a server-side (or engine)
   * statement timeout that raises core's `QueryTimeoutError` and leaves the connection
   * usable. Default false: core then refuses a `timeoutMs` option with
   * `UnsupportedOptionError` before anything is sent.
   */
  readonly statementTimeout?: boolean
  /**
   * Whether statements travel to a server that can stop answering (a dead route, a hung
   * host). Core then bounds every round trip with the factory's client-side
   * `statementTimeoutMs` and destroys a connection whose answer does not come. Default true;
   * an embedded engine, which answers or fails by itself, sets false.
   */
  readonly remote?: boolean
}

/** One statement's outcome: rows as arrays in column order, or mapped by `mapRow`. */
export interface QueryResult {
  /** Result column names in order; empty for a statement that returns no rows. */
  readonly columns: readonly string[]
  /**
   * A fresh array per result, given to core: core may replace its rows with their mapped
   * form. (A frozen array is copied instead.)
   */
  readonly rows: readonly (readonly unknown[])[]
  /**
   * Present only when the driver mapped the rows itself with `ExecuteOptions.mapRow`: what
   * it returned for each row, in order (`rows` is then empty).
   */
  readonly mapped?: readonly unknown[]
  /** Rows inserted, updated or deleted; for a select, the number of rows returned. */
  readonly rowCount: number
}

/** Options core passes with one statement. */
export interface ExecuteOptions {
  /**
   * Server-side timeout of this statement in milliseconds (a positive integer), passed only
   * when the driver declares `capabilities.statementTimeout`. The statement fails with the
   * server's timeout error; the connection stays usable.
   */
  readonly timeoutMs?: number
  /**
   * Core's row mapper for this statement: an array row in column order in, the row as the
   * user gets it out. A driver that reads rows one at a time may call it on each row as it
   * reads it and return the results as `QueryResult.mapped`, so a large read never holds
   * every row in both forms. It must call it once per row, in order, on the row it would
   * otherwise have returned, and let whatever it throws out of `execute` unchanged. The mapper
   * keeps nothing of the array it is given, so a driver may refill one array for every row. A
   * driver that ignores it returns `rows` and core maps them.
   */
  readonly mapRow?: (row: readonly unknown[]) => unknown
  /**
   * Given with `mapRow`: the type the statement's shape declares for each result column, in
   * order (undefined where the value is kept as the driver gives it). A driver may read a
   * column of kind `timestamp` straight into the Date its dialect's codec would make of the
   * text (a type without a zone holds the UTC wall clock), which skips making that text;
   * every other column it returns as usual. The codec reads both forms alike. A driver that
   * reads 64-bit integers as bigint may read them as numbers when `integersMayBeNumbers`
   * says every column's codec reads both alike.
   */
  readonly columnTypes?: readonly (ColumnType | undefined)[]
  /**
   * Only the first row is wanted (`scalar()` of a select): a driver may stop reading after it
   * and return at most that row. A driver that ignores it returns every row and core keeps
   * the first. Never set for a statement that writes.
   */
  readonly firstRowOnly?: boolean
}

/** A driver's view of its connections, for `SessionFactory.stats()`. */
export interface DriverStats {
  /** Open connections nobody has checked out. */
  readonly idle: number
  /** Connections checked out by sessions. */
  readonly inUse: number
  /** Callers waiting in `acquire` for a connection. */
  readonly waiting: number
}

/**
 * One connection, checked out of the driver for one session. Methods are called one at a
 * time; core never overlaps two calls on one connection. Values arrive already encoded by
 * the dialect's codecs and rows go back as the client returns them (with the client's own
 * value parsing switched off where it allows), or through core's `mapRow`: never convert a
 * value here. Throw the
 * client's error unchanged; core classifies it with `dialect.classifyError` and the phase.
 */
export interface DriverConnection {
  /** Runs one statement with driver-ready values. */
  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<QueryResult>
  /**
   * Runs one statement once per parameter set (executemany). Return the total affected
   * count. Batch into fewer round trips where the client allows it.
   */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): Promise<{ rowCount: number }>
  /**
   * Optional native transaction control. When absent, core sends the dialect's
   * BEGIN/COMMIT/ROLLBACK SQL through `execute`; implement these when the client has its own
   * transaction API that must be used instead (libSQL interactive transactions), or to send
   * BEGIN later with the first statement (the pg adapter): `inTransaction()` must then answer
   * true from `begin` on, and `commit`/`rollback` of a transaction never sent send nothing.
   */
  begin?(options: TransactionOptions): Promise<void>
  /**
   * Must reject when the server did not commit, including a COMMIT it answered by rolling
   * back (PostgreSQL's command tag ROLLBACK after an earlier error): core reports success
   * whenever this resolves.
   */
  commit?(): Promise<void>
  /** Optional native ROLLBACK, used instead of the dialect's SQL (see `begin`). */
  rollback?(): Promise<void>
  /**
   * Optional, for embedded connections that answer on the calling thread: `execute` without
   * the promise. Core then runs a session's statement at once when no other call of the
   * session is running or queued; the caller still gets a promise, but none is made per
   * layer in between. Throw the client's error unchanged, as `execute` rejects with it.
   *
   * @example
   * executeSync(sql, params, options) {
   *   return this.sync.execute(sql, params, options)
   * }
   */
  executeSync?(sql: string, params: readonly unknown[], options?: ExecuteOptions): QueryResult
  /**
   * Whether the server says this connection is inside a transaction, when the protocol
   * tells (PostgreSQL ReadyForQuery status, MySQL SERVER_STATUS_IN_TRANS). Used to refuse
   * returning a connection to the pool mid-transaction.
   */
  inTransaction?(): boolean
}

/**
 * The adapter's entry point: a pool (or a single embedded connection) of
 * `DriverConnection`s for one dialect.
 *
 * @example
 * const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
 */
export interface Driver {
  readonly dialect: Dialect
  readonly capabilities: Capabilities
  /**
   * Checks out a connection, failing with core's `PoolTimeoutError` after `timeoutMs`
   * (always finite). Waiters are served first come, first served.
   */
  acquire(options: { readonly timeoutMs: number }): Promise<DriverConnection>
  /**
   * Gives a connection back. `destroy` is true when the connection is broken or may still
   * be inside a transaction: the driver must close it rather than pool it (an embedded
   * driver with a single connection rolls back whatever transaction is left instead). Must
   * not reject for a connection that is already dead.
   */
  release(connection: DriverConnection, options: { readonly destroy: boolean }): Promise<void>
  /**
   * Optional, for embedded drivers that run statements on the calling thread: runs one
   * statement on its own (autocommit) right now, when a connection is idle, and returns its
   * result; returns `undefined`, having done nothing, when no connection is idle (core then
   * takes the `acquire`/`execute`/`release` path and waits its turn). The connection goes
   * back before this returns, as `release` would put it back: a transaction the statement
   * left open (a raw `BEGIN`) is rolled back. Errors are thrown, and classified by core.
   * A one-row lookup awaited through three promises costs more than the lookup itself.
   * `options` carry only `mapRow` (never a timeout).
   *
   * @example
   * executeNow(sql, params, options) {
   *   if (this.busy) return undefined
   *   return this.connection.executeSync(sql, params, options)
   * }
   */
  executeNow?(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): QueryResult | undefined
  /**
   * Optional, for embedded drivers: checks out a connection at once when one is idle and
   * nobody waits, or returns `undefined` (core then calls `acquire` and waits its turn). A
   * connection that also has `executeSync` (and no `begin`) gets its BEGIN and COMMIT
   * without a promise in between.
   *
   * @example
   * acquireNow() {
   *   if (this.busy || this.closed) return undefined
   *   this.busy = true
   *   return this.connection
   * }
   */
  acquireNow?(): DriverConnection | undefined
  /** Closes every connection. */
  close(): Promise<void>
  /** Idle, in-use and waiting counts of the pool, when the driver keeps them. */
  stats?(): DriverStats
}

/**
 * A synchronous connection, for embedded drivers that can run without promises. Core sends
 * the dialect's transaction SQL through `execute`.
 */
export interface SyncDriverConnection {
  /** Runs one statement with driver-ready values (see `DriverConnection.execute`). */
  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): QueryResult
  /** Runs one statement once per parameter set; returns the total affected count. */
  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): { rowCount: number }
  /** Whether the connection is inside a transaction (see `DriverConnection.inTransaction`). */
  inTransaction?(): boolean
}

/**
 * The synchronous Driver contract (better-sqlite3): the same, without promises. A
 * synchronous caller cannot wait, so `acquire` throws `PoolTimeoutError` at once when no
 * connection is free.
 *
 * @example
 * const db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: 'app.db' }))
 */
export interface SyncDriver {
  readonly dialect: Dialect
  readonly capabilities: Capabilities
  /** Checks out the connection, or throws `PoolTimeoutError` at once when it is in use. */
  acquire(): SyncDriverConnection
  /** Gives the connection back; `destroy` rolls back whatever transaction is left. */
  release(connection: SyncDriverConnection, options: { readonly destroy: boolean }): void
  /** Closes the connection. */
  close(): void
}
