import type { OpenContender } from '../../contender.js'
import { typeormOps } from './common.js'

export const open: OpenContender = async ({ target }) =>
  typeormOps(
    { type: 'postgres', url: target.pgUrl, schema: target.pgSchema },
    { int: 'integer', double: 'double precision', stamp: 'timestamp' },
  )
