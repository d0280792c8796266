import knex from 'knex'
import type { OpenContender } from '../../contender.js'
import { pgConfig } from '../connection.js'
import { knexOps } from './common.js'

export const open: OpenContender = async ({ target }) =>
  knexOps<boolean, Date>(knex({ client: 'pg', connection: pgConfig(target) }), {
    updateReturns: true,
    maxRowsPerInsert: 1000,
    toRow: (row) => ({ ...row }),
  })
