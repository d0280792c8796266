import type { Node, StatementNode } from '../ast/nodes.js'
import type { CompiledStatement } from '../compile/compiled.js'
import type { ErrorPhase, NakedSqlError } from '../errors/base.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnType } from '../schema/column-type.js'

/** Encodes a JavaScript value for the driver and decodes what the driver returns. */
export interface Codec {
  /** The driver value to bind; throws InvalidValueError for one the column cannot hold. */
  encode(value: unknown): unknown
  /** The JavaScript value for what the driver returned (never null: NULL is handled before). */
  decode(value: unknown): unknown
}

/** The SQL standard isolation levels; a driver declares which it can start. */
export type IsolationLevel =
  | 'read uncommitted'
  | 'read committed'
  | 'repeatable read'
  | 'serializable'

/** How a session's transaction starts. */
export interface TransactionOptions {
  readonly isolationLevel?: IsolationLevel
  readonly readOnly?: boolean
}

/**
 * A SQL flavour: its compiler, codecs, transaction SQL and error classification. Several
 * drivers share one dialect (better-sqlite3 and libSQL are both `sqlite`).
 *
 * @example
 * const { sql, params } = postgres.compile(select(users).where(eq(users.id, 1)).toNode(), shape)
 */
export interface Dialect {
  readonly name: 'postgres' | 'mysql' | 'sqlite'
  /** Compiles one statement tree. Callers go through the statement's per-dialect cache. */
  compile(node: StatementNode, shape?: ResultShape): CompiledStatement
  /**
   * The codec for a column type on this dialect. `undefined` is a value whose column type is
   * unknown (a raw `sql` interpolation, an untyped `param()`, an untyped result column): the
   * codec goes by the JavaScript value and rejects values no driver binds safely.
   * Called once per statement shape, never per row.
   */
  codec(type: ColumnType | undefined): Codec
  /** The most values one statement may bind (PostgreSQL and MySQL 65535, SQLite 32766). */
  readonly maxParameters: number
  /** Transaction control SQL: the statements that open a transaction with `options`. */
  beginSql(options: TransactionOptions): readonly string[]
  /**
   * Statements run after COMMIT or ROLLBACK to undo connection settings that `beginSql` made
   * for this transaction (SQLite's `PRAGMA query_only`); empty where there are none.
   */
  transactionEndSql(options: TransactionOptions): readonly string[]
  /** The statement that commits. */
  commitSql(): string
  /** The statement that rolls back. */
  rollbackSql(): string
  /** The statement that opens savepoint `name`. */
  savepointSql(name: string): string
  /** The statement that releases savepoint `name`. */
  releaseSavepointSql(name: string): string
  /** The statement that undoes the work since savepoint `name`. */
  rollbackToSavepointSql(name: string): string
  /**
   * A query whose one value is the current transaction's id as the server knows it, for
   * `session.transactionId()`; absent where the database has none to offer.
   */
  readonly transactionIdSql?: string
  /** Turns a driver error into the nakedsql error hierarchy, keeping it as `cause`. */
  classifyError(error: unknown, phase: ErrorPhase): NakedSqlError
}

/** Anything that can become a statement tree (builders, the `sql` tag, DDL). */
export interface HasNode {
  /** The statement tree to compile. */
  toNode(): Node
}
