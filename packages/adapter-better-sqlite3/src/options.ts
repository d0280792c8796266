import type { SqliteDatabase } from '@nakedsql/embedded-sqlite'
import Database from 'better-sqlite3'

/** Options of `betterSqlite3Adapter` and `betterSqlite3SyncAdapter`. */
export interface BetterSqlite3AdapterOptions {
  /** A database file to open, or `':memory:'`. Give this or `database`. */
  readonly filename?: string
  /**
   * An already open better-sqlite3 `Database`. The adapter leaves its settings alone and
   * does not close it: the application that opened it closes it.
   */
  readonly database?: SqliteDatabase
  /** Open the file read-only. Default false. */
  readonly readonly?: boolean
  /** How long a statement waits for a lock held by another connection or process. Default 5000 ms. */
  readonly busyTimeoutMs?: number
  /** Write-ahead logging for file databases the adapter opens. Default true. */
  readonly wal?: boolean
  /** Enforce foreign keys (SQLite leaves them off unless asked). Default true. */
  readonly foreignKeys?: boolean
  /** Prepared statements kept per database, least recently used evicted. Default 500. */
  readonly statementCacheSize?: number
}

export interface OpenedDatabase {
  readonly db: SqliteDatabase
  /** Whether the adapter opened the database and so closes it. */
  readonly owned: boolean
  readonly statementCacheSize: number
}

const DEFAULT_BUSY_TIMEOUT_MS = 5000
const DEFAULT_STATEMENT_CACHE_SIZE = 500

export function openDatabase(options: BetterSqlite3AdapterOptions): OpenedDatabase {
  const statementCacheSize = options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE
  if (options.database !== undefined) {
    if (options.filename !== undefined) {
      throw new TypeError(
        'Give either filename or database to the better-sqlite3 adapter, not both.',
      )
    }
    return { db: options.database, owned: false, statementCacheSize }
  }
  if (options.filename === undefined) {
    throw new TypeError(
      "The better-sqlite3 adapter needs a filename (a path, or ':memory:') or an open database.",
    )
  }
  const db = new Database(options.filename, {
    readonly: options.readonly ?? false,
    timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS,
  }) as unknown as SqliteDatabase
  try {
    if ((options.wal ?? true) && !db.memory && !db.readonly) db.pragma('journal_mode = WAL')
    if (options.foreignKeys ?? true) db.pragma('foreign_keys = ON')
  } catch (error) {
    db.close()
    throw error
  }
  return { db, owned: true, statementCacheSize }
}
