import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory } from '@nakedsql/core'
import type { OpenContender } from '../../contender.js'
import { pgConfig } from '../connection.js'
import { perCallOps, preparedOps } from './workloads.js'

export const open: OpenContender = async ({ target }) =>
  perCallOps(createSessionFactory(pgAdapter(pgConfig(target))), { updateReturns: true })

/** param() statements, with the adapter's named (server-prepared) statements switched on. */
export const openPrepared: OpenContender = async ({ target }) =>
  preparedOps(createSessionFactory(pgAdapter({ ...pgConfig(target), namedStatements: true })), {
    updateReturns: true,
  })
