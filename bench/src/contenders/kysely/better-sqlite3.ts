import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { OpenContender } from '../../contender.js'
import { sqliteTimestamp } from '../../data.js'
import { type Database, kyselyOps } from './common.js'

/** SQLite booleans are 1/0 and the bench timestamps ISO text; Kysely passes both through. */
export const open: OpenContender = async ({ target }) => {
  const db = new Kysely<Database<number, string>>({
    dialect: new SqliteDialect({ database: new SQLite(target.sqliteFile) }),
  })
  return kyselyOps(db, {
    updateReturns: true,
    toRow: (row) => ({ ...row, active: row.active ? 1 : 0, joined: sqliteTimestamp(row.joined) }),
  })
}
