import { compileSqlite } from '../../compile/sqlite.js'
import type { Dialect } from '../dialect.js'
import { untypedCodec } from '../untyped-codec.js'
import { classifySqliteError } from './classify-error.js'
import { sqliteCodec } from './codecs.js'
import { quoteSqliteName, sqliteBeginSql, sqliteTransactionEndSql } from './transactions.js'

const untyped = untypedCodec(sqliteCodec)

/**
 * The SQLite dialect, shared by the better-sqlite3 and libSQL adapters.
 *
 * @example
 * const { sql } = select(users).compile(sqlite)
 */
export const sqlite: Dialect = Object.freeze<Dialect>({
  name: 'sqlite',
  compile: compileSqlite,
  codec: (type) => (type === undefined ? untyped : sqliteCodec(type)),
  maxParameters: 32766,
  beginSql: sqliteBeginSql,
  transactionEndSql: sqliteTransactionEndSql,
  commitSql: () => 'COMMIT',
  rollbackSql: () => 'ROLLBACK',
  savepointSql: (name) => `SAVEPOINT ${quoteSqliteName(name)}`,
  releaseSavepointSql: (name) => `RELEASE SAVEPOINT ${quoteSqliteName(name)}`,
  rollbackToSavepointSql: (name) => `ROLLBACK TO SAVEPOINT ${quoteSqliteName(name)}`,
  classifyError: classifySqliteError,
})
