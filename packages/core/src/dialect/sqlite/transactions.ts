import type { TransactionOptions } from '../dialect.js'

/*
 * SQLite transactions are always serializable, so the isolation level changes no SQL (drivers
 * declare only 'serializable'). A write session takes the write lock at BEGIN IMMEDIATE, so a
 * busy database is met by the busy timeout there, not by SQLITE_BUSY halfway through the
 * session. A read-only session is a deferred BEGIN plus `query_only`, which outlives the
 * transaction and is switched off again after it.
 */

const WRITE: readonly string[] = Object.freeze(['BEGIN IMMEDIATE'])
const READ_ONLY: readonly string[] = Object.freeze(['BEGIN DEFERRED', 'PRAGMA query_only = ON'])
const READ_ONLY_END: readonly string[] = Object.freeze(['PRAGMA query_only = OFF'])
const NONE: readonly string[] = Object.freeze([])

export function sqliteBeginSql(options: TransactionOptions): readonly string[] {
  return options.readOnly === true ? READ_ONLY : WRITE
}

export function sqliteTransactionEndSql(options: TransactionOptions): readonly string[] {
  return options.readOnly === true ? READ_ONLY_END : NONE
}

export function quoteSqliteName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
