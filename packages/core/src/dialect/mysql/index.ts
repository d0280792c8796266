import { compileMysql } from '../../compile/mysql.js'
import type { Dialect } from '../dialect.js'
import { untypedCodec } from '../untyped-codec.js'
import { classifyMysqlError } from './classify-error.js'
import { mysqlCodec } from './codecs.js'
import { mysqlBeginSql, mysqlTransactionEndSql, quoteMysqlName } from './transactions.js'

const untyped = untypedCodec(mysqlCodec)

/**
 * The MySQL / MariaDB dialect, used by the mysql2 adapter.
 *
 * @example
 * const { sql } = select(users).compile(mysql)
 */
export const mysql: Dialect = Object.freeze<Dialect>({
  name: 'mysql',
  compile: compileMysql,
  codec: (type) => (type === undefined ? untyped : mysqlCodec(type)),
  maxParameters: 65535,
  beginSql: mysqlBeginSql,
  transactionEndSql: mysqlTransactionEndSql,
  commitSql: () => 'COMMIT',
  rollbackSql: () => 'ROLLBACK',
  savepointSql: (name) => `SAVEPOINT ${quoteMysqlName(name)}`,
  releaseSavepointSql: (name) => `RELEASE SAVEPOINT ${quoteMysqlName(name)}`,
  rollbackToSavepointSql: (name) => `ROLLBACK TO SAVEPOINT ${quoteMysqlName(name)}`,
  classifyError: classifyMysqlError,
})
