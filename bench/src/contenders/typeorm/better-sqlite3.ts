import type { OpenContender } from '../../contender.js'
import { typeormOps } from './common.js'

export const open: OpenContender = async ({ target }) =>
  typeormOps(
    { type: 'better-sqlite3', database: target.sqliteFile },
    { int: 'integer', double: 'double', stamp: 'datetime' },
  )
