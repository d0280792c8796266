import type { OpenContender } from '../../contender.js'
import { mysqlUri } from '../connection.js'
import { typeormOps } from './common.js'

export const open: OpenContender = async ({ target }) =>
  typeormOps(
    { type: 'mariadb', url: mysqlUri(target) },
    { int: 'int', double: 'double', stamp: 'datetime' },
  )
