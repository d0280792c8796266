import { Kysely, MysqlDialect } from 'kysely'
import { createPool } from 'mysql2'
import type { OpenContender } from '../../contender.js'
import { mysqlUri } from '../connection.js'
import { type Database, kyselyOps } from './common.js'

/** mysql2 hands booleans back as 1/0 and DATETIME as Date. */
export const open: OpenContender = async ({ target }) => {
  const db = new Kysely<Database<number, Date>>({
    dialect: new MysqlDialect({ pool: createPool({ uri: mysqlUri(target) }) }),
  })
  return kyselyOps(db, {
    updateReturns: false,
    toRow: (row) => ({ ...row, active: row.active ? 1 : 0 }),
  })
}
