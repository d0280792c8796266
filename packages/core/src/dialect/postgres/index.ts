import { compilePostgres } from '../../compile/postgres.js'
import type { Dialect } from '../dialect.js'
import { untypedCodec } from '../untyped-codec.js'
import { classifyPostgresError } from './classify-error.js'
import { postgresCodec } from './codecs.js'
import { postgresBeginSql, postgresTransactionEndSql, quotePostgresName } from './transactions.js'

const untyped = untypedCodec(postgresCodec)

/**
 * The PostgreSQL dialect, used by the pg adapter (and any adapter for a PostgreSQL client).
 *
 * @example
 * const { sql } = select(users).compile(postgres)
 */
export const postgres: Dialect = Object.freeze<Dialect>({
  name: 'postgres',
  compile: compilePostgres,
  codec: (type) => (type === undefined ? untyped : postgresCodec(type)),
  maxParameters: 65535,
  beginSql: postgresBeginSql,
  transactionEndSql: postgresTransactionEndSql,
  commitSql: () => 'COMMIT',
  rollbackSql: () => 'ROLLBACK',
  savepointSql: (name) => `SAVEPOINT ${quotePostgresName(name)}`,
  releaseSavepointSql: (name) => `RELEASE SAVEPOINT ${quotePostgresName(name)}`,
  rollbackToSavepointSql: (name) => `ROLLBACK TO SAVEPOINT ${quotePostgresName(name)}`,
  // xid8 (PostgreSQL 13+): never wraps around, and pg_xact_status() takes it as it is.
  transactionIdSql: 'SELECT pg_current_xact_id()::text',
  classifyError: classifyPostgresError,
})
