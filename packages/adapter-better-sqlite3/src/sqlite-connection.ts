import {
  type ExecuteOptions,
  type QueryResult,
  type SyncDriverConnection,
  UnsupportedOptionError,
} from '@nakedsql/core'
import type { BetterSqlite3Database } from './database.js'
import { StatementCache } from './statement-cache.js'

const NO_ROWS: readonly (readonly unknown[])[] = Object.freeze([])
const NO_COLUMNS: readonly string[] = Object.freeze([])

/**
 * The one connection of a better-sqlite3 database, synchronous. The async driver wraps it in
 * promises; the sync driver hands it out as it is.
 */
export class SqliteConnection implements SyncDriverConnection {
  readonly db: BetterSqlite3Database
  readonly #statements: StatementCache

  constructor(db: BetterSqlite3Database, statementCacheSize: number) {
    this.db = db
    this.#statements = new StatementCache(db, statementCacheSize)
  }

  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): QueryResult {
    if (options?.timeoutMs !== undefined) throw noTimeout()
    const entry = this.#statements.get(sql)
    if (entry.reader) {
      const rows = entry.statement.all(params) as unknown[][]
      return { columns: entry.columns, rows, rowCount: rows.length }
    }
    const { changes } = entry.statement.run(params)
    return { columns: NO_COLUMNS, rows: NO_ROWS, rowCount: Number(changes) }
  }

  executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): { rowCount: number } {
    if (options?.timeoutMs !== undefined) throw noTimeout()
    const { statement, reader } = this.#statements.get(sql)
    let rowCount = 0
    for (const params of paramSets) {
      rowCount += reader ? statement.all(params).length : Number(statement.run(params).changes)
    }
    return { rowCount }
  }

  inTransaction(): boolean {
    return this.db.inTransaction
  }

  /**
   * Leaves no transaction behind: what "destroy" means for the only connection of an
   * embedded database, which cannot be replaced by a fresh one without losing `:memory:`
   * data. Returns false when the transaction could not be rolled back.
   */
  reset(): boolean {
    if (!this.db.open) return true
    try {
      if (this.db.inTransaction) this.execute('ROLLBACK', [])
      // A read-only session that did not end normally may have left query_only on.
      this.execute('PRAGMA query_only = OFF', [])
    } catch {
      return !this.db.inTransaction
    }
    return true
  }

  close(): void {
    this.#statements.clear()
  }
}

/** Core refuses the option first (capabilities.statementTimeout is false); this is for direct callers. */
function noTimeout(): UnsupportedOptionError {
  return new UnsupportedOptionError(
    'timeoutMs',
    'better-sqlite3 cannot time a statement out: it runs on the calling thread and cannot be interrupted. Leave timeoutMs out.',
    'statement',
  )
}
