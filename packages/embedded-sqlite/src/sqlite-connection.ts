import {
  type ExecuteOptions,
  type QueryResult,
  type SyncDriverConnection,
  UnsupportedOptionError,
} from '@nakedsql/core'
import type { SqliteDatabase, SqliteStatement } from './database.js'
import { type CachedStatement, StatementCache } from './statement-cache.js'

const NO_ROWS: readonly (readonly unknown[])[] = Object.freeze([])
const NO_COLUMNS: readonly string[] = Object.freeze([])

/**
 * The one connection of an embedded SQLite database (better-sqlite3, or a libSQL file),
 * synchronous. The async driver wraps it in promises; a sync driver hands it out as it is.
 */
export class SqliteConnection implements SyncDriverConnection {
  readonly db: SqliteDatabase
  readonly #statements: StatementCache

  constructor(db: SqliteDatabase, statementCacheSize: number) {
    this.db = db
    this.#statements = new StatementCache(db, statementCacheSize)
  }

  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): QueryResult {
    if (options?.timeoutMs !== undefined) throw noTimeout()
    const entry = this.#statements.get(sql)
    if (entry.reader) {
      const map = options?.mapRow
      if (options === undefined || map === undefined) {
        if (options?.firstRowOnly === true) return firstRow(entry, entry.statement, params, map)
        const rows = entry.statement.all(params) as unknown[][]
        return { columns: entry.columns, rows, rowCount: rows.length }
      }
      const statement = this.#statements.reader(entry, options.columnTypes)
      if (options.firstRowOnly === true) return firstRow(entry, statement, params, map)
      const mapped = entry.streams
        ? stepMapped(statement, params, map)
        : allMapped(statement, params, map)
      entry.streams = mapped.length >= STREAM_ROWS
      return { columns: entry.columns, rows: NO_ROWS, mapped, rowCount: mapped.length }
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

/**
 * From how many rows a statement's next run maps each row as it steps (`iterate`) instead of
 * reading all rows first (`all`). Stepping costs about 0.5 us more per row, but the array rows
 * of a large read outlive young-generation collections and are copied into the old
 * generation, which costs more than that and doubles the peak heap; measured on this
 * project's bench machine, stepping wins from about 5,000-20,000 rows on. A statement steps on
 * its first run, and again after every run that returned at least this many rows.
 */
const STREAM_ROWS = 10_000

/** Steps to the first row only, as `get()` does: a second step would only look for more. */
function firstRow(
  entry: CachedStatement,
  statement: SqliteStatement,
  params: readonly unknown[],
  map: ExecuteOptions['mapRow'],
): QueryResult {
  const row = statement.get(params) as readonly unknown[] | undefined
  if (row === undefined) return { columns: entry.columns, rows: NO_ROWS, rowCount: 0 }
  if (map === undefined) return { columns: entry.columns, rows: [row], rowCount: 1 }
  return { columns: entry.columns, rows: NO_ROWS, mapped: [map(row)], rowCount: 1 }
}

/** Every row read at once, then mapped in place. */
function allMapped(
  statement: SqliteStatement,
  params: readonly unknown[],
  map: NonNullable<ExecuteOptions['mapRow']>,
): unknown[] {
  const rows = statement.all(params) as unknown[]
  for (let i = 0; i < rows.length; i++) rows[i] = map(rows[i] as readonly unknown[])
  return rows
}

/** Each row mapped as the statement steps to it: no row is held in both forms. */
function stepMapped(
  statement: SqliteStatement,
  params: readonly unknown[],
  map: NonNullable<ExecuteOptions['mapRow']>,
): unknown[] {
  const out: unknown[] = []
  const rows = statement.iterate(params)
  try {
    for (const row of rows) out.push(map(row as readonly unknown[]))
  } catch (error) {
    finish(rows)
    throw error
  }
  return out
}

/**
 * Steps a read left part-way to its end. better-sqlite3 resets the statement when the loop
 * is left (`return()`); libsql's iterator has no `return()`, and its statement keeps the read
 * lock, so another connection cannot commit until this one runs the statement again.
 */
function finish(rows: Iterator<unknown>): void {
  try {
    while (rows.next().done !== true) {}
  } catch {
    // The engine failed the step itself; the statement ended there.
  }
}

/** Core refuses the option first (capabilities.statementTimeout is false); this is for direct callers. */
function noTimeout(): UnsupportedOptionError {
  return new UnsupportedOptionError(
    'timeoutMs',
    'An embedded SQLite database cannot time a statement out: it runs on the calling thread and cannot be interrupted. Leave timeoutMs out.',
    'statement',
  )
}
