/*
 * The part of better-sqlite3's API the embedded driver uses, described structurally: any
 * engine with these members fits (better-sqlite3 itself, and the `libsql` package, which
 * copies its API), and neither is a dependency of this package.
 */

/** A prepared statement (better-sqlite3 `Statement`). */
export interface SqliteStatement {
  /** True when the statement returns rows (a select, or a write with RETURNING). */
  readonly reader: boolean
  /** Rows as arrays instead of objects. */
  raw(toggle: boolean): this
  /** Integers as bigint, exact beyond 2^53. */
  safeIntegers(toggle: boolean): this
  /** The result columns of a statement that returns rows. */
  columns(): readonly { readonly name: string }[]
  /** Runs a statement that returns rows and returns the first, or undefined. */
  get(params: readonly unknown[]): unknown
  /** Runs a statement that returns rows and returns all of them. */
  all(params: readonly unknown[]): unknown[]
  /** Runs a statement that returns rows and steps through them one at a time. */
  iterate(params: readonly unknown[]): IterableIterator<unknown>
  /** Runs a statement that returns no rows; `changes` is the affected count. */
  run(params: readonly unknown[]): { readonly changes: number | bigint }
}

/** An open database (better-sqlite3 `Database`). */
export interface SqliteDatabase {
  readonly inTransaction: boolean
  readonly open: boolean
  readonly memory: boolean
  readonly readonly: boolean
  /** Compiles one statement. */
  prepare(sql: string): SqliteStatement
  /** Runs a PRAGMA; `simple` returns the first value only. */
  pragma(source: string, options?: { simple?: boolean }): unknown
  /** Closes the database file. */
  close(): unknown
}
