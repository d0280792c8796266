import type { Client, InArgs, ResultSet, Transaction } from '@libsql/client'
import type {
  DriverConnection,
  ExecuteOptions,
  QueryResult,
  TransactionOptions,
} from '@nakedsql/core'
import { isSqliteBusy } from '@nakedsql/embedded-sqlite'

const NO_ROWS: readonly (readonly unknown[])[] = Object.freeze([])

function toQueryResult(result: ResultSet, options?: ExecuteOptions): QueryResult {
  // libSQL reports no affected count for statements that return rows (RETURNING).
  const rowCount = result.columns.length > 0 ? result.rows.length : result.rowsAffected
  // libSQL rows are array-like objects that also carry each column as a named property: core's
  // mapper reads them by index as they are, without a copy of each row as an array.
  const map = options?.mapRow
  if (map !== undefined) {
    const mapped = result.rows.map((row) => map(row as unknown as readonly unknown[]))
    return { columns: result.columns, rows: NO_ROWS, mapped, rowCount }
  }
  const rows = result.rows.map((row) => Array.from(row as ArrayLike<unknown>))
  return { columns: result.columns, rows, rowCount }
}

/**
 * Whether PRAGMA query_only may still be set on a local client's connection. Shared by the
 * driver's connections: a read-only session whose transaction SQLite closed early cannot clear
 * it, so the next statement outside a read-only session clears it first.
 */
export interface QueryOnlyState {
  set: boolean
}

/**
 * A session's handle on a libSQL client. Outside a transaction statements run on the client;
 * between begin and commit/rollback they run on the client's interactive transaction, which
 * holds one connection (local) or one stream (remote) for the whole session.
 */
export class LibsqlConnection implements DriverConnection {
  readonly #client: Client
  /** Undefined for a remote client, whose server enforces read transactions itself. */
  readonly #queryOnly: QueryOnlyState | undefined
  /** Replaces the client's local connections; undefined where that would lose data (:memory:). */
  readonly #reconnect: (() => Promise<void>) | undefined
  #transaction: Transaction | undefined
  /** A statement failed with SQLITE_BUSY: its connection is unusable (see {@link isSqliteBusy}). */
  #busyFailed = false

  constructor(
    client: Client,
    queryOnly: QueryOnlyState | undefined,
    reconnect: (() => Promise<void>) | undefined,
  ) {
    this.#client = client
    this.#queryOnly = queryOnly
    this.#reconnect = reconnect
  }

  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<QueryResult> {
    return this.#watch(this.#execute(sql, params, options))
  }

  async #execute(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions | undefined,
  ): Promise<QueryResult> {
    const statement = { sql, args: params as InArgs }
    if (this.#transaction !== undefined) {
      return toQueryResult(await this.#transaction.execute(statement), options)
    }
    await this.#clearStaleQueryOnly()
    return toQueryResult(await this.#client.execute(statement), options)
  }

  executeMany(sql: string, paramSets: readonly (readonly unknown[])[]) {
    return this.#watch(this.#executeMany(sql, paramSets))
  }

  async #executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
  ): Promise<{ rowCount: number }> {
    const statements = paramSets.map((params) => ({ sql, args: params as InArgs }))
    // One call: a single round trip to a remote server, one lock for a local file.
    let results: ResultSet[]
    if (this.#transaction === undefined) {
      await this.#clearStaleQueryOnly()
      results = await this.#client.batch(statements, 'write')
    } else {
      results = await this.#transaction.batch(statements)
    }
    let rowCount = 0
    for (const result of results) rowCount += result.rowsAffected
    return { rowCount }
  }

  /**
   * SQLite runs every transaction serializable. A write session takes the write lock at BEGIN
   * (BEGIN IMMEDIATE), so a busy database is waited for by the busy timeout there rather than
   * failing halfway through. A local read-only session begins deferred and sets query_only,
   * because the local engine does not enforce BEGIN TRANSACTION READONLY; a remote one asks
   * the server for a read transaction.
   */
  async begin(options: TransactionOptions): Promise<void> {
    try {
      await this.#watch(this.#begin(options))
    } finally {
      // A BEGIN that failed opened nothing, so a poisoned connection can be replaced right away.
      if (this.#transaction === undefined) await this.recover()
    }
  }

  async #begin(options: TransactionOptions): Promise<void> {
    if (!options.readOnly) {
      await this.#clearStaleQueryOnly()
      this.#transaction = await this.#client.transaction('write')
      return
    }
    if (this.#queryOnly === undefined) {
      this.#transaction = await this.#client.transaction('read')
      return
    }
    const transaction = await this.#client.transaction('deferred')
    this.#transaction = transaction
    this.#queryOnly.set = true
    await transaction.execute('PRAGMA query_only = 1')
  }

  async commit(): Promise<void> {
    const transaction = this.#open('commit')
    try {
      await this.#watch(this.#clearQueryOnly(transaction))
      await this.#watch(transaction.commit())
    } finally {
      await this.#end(transaction)
    }
  }

  async rollback(): Promise<void> {
    const transaction = this.#open('rollback')
    try {
      await this.#watch(this.#clearQueryOnly(transaction))
      await this.#watch(transaction.rollback())
    } finally {
      await this.#end(transaction)
    }
  }

  inTransaction(): boolean {
    return this.#transaction !== undefined && !this.#transaction.closed
  }

  /** Rolls back whatever is still open, so the client's connection goes back clean. */
  async abandon(): Promise<void> {
    const transaction = this.#transaction
    if (transaction === undefined) return
    try {
      await this.#clearQueryOnly(transaction)
    } finally {
      await this.#end(transaction)
    }
  }

  /**
   * libSQL's local engine leaves a statement that failed with SQLITE_BUSY unfinished, and every
   * later COMMIT on that connection then fails ("SQL statements in progress"). Once no
   * transaction holds it, the client's connections are replaced.
   */
  async recover(): Promise<void> {
    if (!this.#busyFailed || this.#transaction !== undefined) return
    this.#busyFailed = false
    await this.#reconnect?.()
    if (this.#queryOnly !== undefined) this.#queryOnly.set = false
  }

  async #watch<T>(work: Promise<T>): Promise<T> {
    try {
      return await work
    } catch (error) {
      if (isSqliteBusy(error)) this.#busyFailed = true
      throw error
    }
  }

  #open(action: string): Transaction {
    if (this.#transaction === undefined) {
      throw new Error(`libSQL: ${action} without a transaction; call begin() first`)
    }
    return this.#transaction
  }

  async #clearQueryOnly(transaction: Transaction) {
    if (this.#queryOnly?.set !== true || transaction.closed) return
    await transaction.execute('PRAGMA query_only = 0')
    this.#queryOnly.set = false
  }

  async #clearStaleQueryOnly() {
    if (this.#queryOnly?.set !== true) return
    await this.#client.execute('PRAGMA query_only = 0')
    this.#queryOnly.set = false
  }

  async #end(transaction: Transaction) {
    this.#transaction = undefined
    // Idempotent; rolls back a transaction that commit or rollback left open after a failure.
    transaction.close()
    await this.recover()
  }
}
