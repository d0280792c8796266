/*
 * The part of better-sqlite3 this adapter uses, described structurally: any object with
 * these members fits, and better-sqlite3 stays a peer dependency the application installs.
 */

/** A prepared statement (better-sqlite3 `Statement`). */
export interface BetterSqlite3Statement {
  /** True when the statement returns rows (a select, or a write with RETURNING). */
  readonly reader: boolean
  raw(toggle: boolean): this
  safeIntegers(toggle: boolean): this
  columns(): readonly { readonly name: string }[]
  all(params: readonly unknown[]): unknown[]
  run(params: readonly unknown[]): { readonly changes: number | bigint }
}

/** An open database (better-sqlite3 `Database`). */
export interface BetterSqlite3Database {
  readonly inTransaction: boolean
  readonly open: boolean
  readonly memory: boolean
  readonly readonly: boolean
  prepare(sql: string): BetterSqlite3Statement
  pragma(source: string, options?: { simple?: boolean }): unknown
  close(): unknown
}
