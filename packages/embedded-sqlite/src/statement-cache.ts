import { type ExecuteOptions, integersMayBeNumbers } from '@nakedsql/core'
import type { SqliteDatabase, SqliteStatement } from './database.js'

type ColumnTypes = ExecuteOptions['columnTypes']

/** A prepared statement with what the connection needs to know about it, found once. */
export interface CachedStatement {
  readonly sql: string
  /** Reads integers as bigint. */
  readonly statement: SqliteStatement
  /** The same statement reading integers as numbers, made on first use. */
  numbers: SqliteStatement | undefined
  /** The column types last read with, and whether they allow `numbers`. */
  typesSeen: ColumnTypes
  numbersAllowed: boolean
  readonly reader: boolean
  readonly columns: readonly string[]
  /** Used since the eviction hand last passed it. */
  used: boolean
  /**
   * Whether its next run maps rows as it steps: true until a run returns few rows, as a
   * statement's first run may be a large read.
   */
  streams: boolean
}

const NO_COLUMNS: readonly string[] = Object.freeze([])

/**
 * Prepared statements by SQL text, bounded so dynamic SQL cannot grow the cache without end.
 * Eviction is second-chance (CLOCK), an approximation of least-recently-used in which a hit
 * costs one flag write instead of reordering the map. Every statement reads integers as
 * bigint (exact past 2^53; the codecs make numbers of them) unless the result's column
 * types allow numbers (`reader`), and returns rows as arrays.
 */
export class StatementCache {
  readonly #db: SqliteDatabase
  readonly #capacity: number
  readonly #entries = new Map<string, CachedStatement>()

  constructor(db: SqliteDatabase, capacity: number) {
    this.#db = db
    this.#capacity = Math.max(1, capacity)
  }

  get(sql: string): CachedStatement {
    const entries = this.#entries
    const hit = entries.get(sql)
    if (hit !== undefined) {
      hit.used = true
      return hit
    }
    const statement = this.#db.prepare(sql).safeIntegers(true)
    const reader = statement.reader
    if (reader) statement.raw(true)
    const entry: CachedStatement = {
      sql,
      statement,
      numbers: undefined,
      typesSeen: undefined,
      numbersAllowed: false,
      reader,
      columns: reader ? statement.columns().map((c) => c.name) : NO_COLUMNS,
      used: false,
      streams: true,
    }
    if (entries.size >= this.#capacity) this.#evictOne()
    entries.set(sql, entry)
    return entry
  }

  /**
   * The statement to read rows with: the one that reads integers as numbers when the
   * result's column types allow it (`integersMayBeNumbers`), which saves making a bigint per
   * integer value. The answer is kept per column-type list, which each statement shape makes
   * once.
   */
  reader(entry: CachedStatement, columnTypes: ColumnTypes): SqliteStatement {
    if (columnTypes === undefined) return entry.statement
    if (columnTypes !== entry.typesSeen) {
      entry.typesSeen = columnTypes
      entry.numbersAllowed = integersMayBeNumbers(columnTypes)
    }
    if (!entry.numbersAllowed) return entry.statement
    entry.numbers ??= this.#db.prepare(entry.sql).safeIntegers(false).raw(true)
    return entry.numbers
  }

  get size(): number {
    return this.#entries.size
  }

  has(sql: string): boolean {
    return this.#entries.has(sql)
  }

  /** Oldest first; a used entry loses its flag and goes to the back instead of out. */
  #evictOne(): void {
    const entries = this.#entries
    for (const [sql, entry] of entries) {
      entries.delete(sql)
      if (!entry.used) return
      entry.used = false
      entries.set(sql, entry)
    }
  }

  clear(): void {
    this.#entries.clear()
  }
}
