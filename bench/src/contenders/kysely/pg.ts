import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { OpenContender } from '../../contender.js'
import { pgConfig } from '../connection.js'
import { type Database, kyselyOps } from './common.js'

export const open: OpenContender = async ({ target }) => {
  const db = new Kysely<Database<boolean, Date>>({
    dialect: new PostgresDialect({ pool: new pg.Pool(pgConfig(target)) }),
  })
  return kyselyOps(db, { updateReturns: true, toRow: (row) => row })
}
