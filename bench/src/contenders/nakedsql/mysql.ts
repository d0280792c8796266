import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { createSessionFactory } from '@nakedsql/core'
import type { OpenContender } from '../../contender.js'
import { mysqlUri } from '../connection.js'
import { perCallOps, preparedOps } from './workloads.js'

const factory = (target: Parameters<OpenContender>[0]['target']) =>
  createSessionFactory(mysql2Adapter({ uri: mysqlUri(target) }))

export const open: OpenContender = async ({ target }) =>
  perCallOps(factory(target), { updateReturns: false })

export const openPrepared: OpenContender = async ({ target }) =>
  preparedOps(factory(target), { updateReturns: false })
