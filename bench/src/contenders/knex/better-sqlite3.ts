import knex from 'knex'
import type { OpenContender } from '../../contender.js'
import { sqliteTimestamp } from '../../data.js'
import { knexOps } from './common.js'

/** SQLite booleans are 1/0 and the bench timestamps ISO text; Knex passes both through. */
export const open: OpenContender = async ({ target }) =>
  knexOps<number, string>(
    knex({
      client: 'better-sqlite3',
      connection: { filename: target.sqliteFile },
      useNullAsDefault: true,
    }),
    {
      updateReturns: true,
      maxRowsPerInsert: 500,
      toRow: (row) => ({ ...row, active: row.active ? 1 : 0, joined: sqliteTimestamp(row.joined) }),
    },
  )
