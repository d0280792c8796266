/*
 * The part of better-sqlite3 this adapter uses, described structurally: any object with
 * these members fits, and better-sqlite3 stays a peer dependency the application installs.
 */

/** A prepared statement (better-sqlite3 `Statement`). */
export interface BetterSqlite3Statement {
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
export interface BetterSqlite3Database {
  readonly inTransaction: boolean
  readonly open: boolean
  readonly memory: boolean
  readonly readonly: boolean
  /** Compiles one statement. */
  prepare(sql: string): BetterSqlite3Statement
  /** Runs a PRAGMA; `simple` returns the first value only. */
  pragma(source: string, options?: { simple?: boolean }): unknown
  /** Closes the database file. */
  close(): unknown
}
