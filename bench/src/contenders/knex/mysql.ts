import knex from 'knex'
import type { OpenContender } from '../../contender.js'
import { mysqlUri } from '../connection.js'
import { knexOps } from './common.js'

/** mysql2 hands booleans back as 1/0 and DATETIME as Date. */
export const open: OpenContender = async ({ target }) =>
  knexOps<number, Date>(knex({ client: 'mysql2', connection: mysqlUri(target) }), {
    updateReturns: false,
    maxRowsPerInsert: 1000,
    toRow: (row) => ({ ...row }),
  })
