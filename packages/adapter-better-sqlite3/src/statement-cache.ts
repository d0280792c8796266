import type { BetterSqlite3Database, BetterSqlite3Statement } from './database.js'

/** A prepared statement with what the connection needs to know about it, found once. */
export interface CachedStatement {
  readonly statement: BetterSqlite3Statement
  readonly reader: boolean
  readonly columns: readonly string[]
}

const NO_COLUMNS: readonly string[] = Object.freeze([])

/**
 * Prepared statements by SQL text, least recently used evicted first, so dynamic SQL cannot
 * grow the cache without bound. Every statement reads integers as bigint (exact past 2^53;
 * the codecs make numbers of them) and returns rows as arrays.
 */
export class StatementCache {
  readonly #db: BetterSqlite3Database
  readonly #capacity: number
  readonly #entries = new Map<string, CachedStatement>()

  constructor(db: BetterSqlite3Database, capacity: number) {
    this.#db = db
    this.#capacity = Math.max(1, capacity)
  }

  get(sql: string): CachedStatement {
    const entries = this.#entries
    const hit = entries.get(sql)
    if (hit !== undefined) {
      entries.delete(sql)
      entries.set(sql, hit)
      return hit
    }
    const statement = this.#db.prepare(sql).safeIntegers(true)
    const reader = statement.reader
    if (reader) statement.raw(true)
    const entry: CachedStatement = {
      statement,
      reader,
      columns: reader ? statement.columns().map((c) => c.name) : NO_COLUMNS,
    }
    if (entries.size >= this.#capacity) entries.delete(entries.keys().next().value!)
    entries.set(sql, entry)
    return entry
  }

  clear(): void {
    this.#entries.clear()
  }
}
