import { libsqlAdapter } from '@nakedsql/adapter-libsql'
import { createSessionFactory } from '@nakedsql/core'
import type { OpenContender } from '../../contender.js'
import { libsqlUrl } from '../connection.js'
import { perCallOps, preparedOps } from './workloads.js'

export const open: OpenContender = async ({ target }) =>
  perCallOps(createSessionFactory(libsqlAdapter({ url: libsqlUrl(target) })), {
    updateReturns: true,
  })

export const openPrepared: OpenContender = async ({ target }) =>
  preparedOps(createSessionFactory(libsqlAdapter({ url: libsqlUrl(target) })), {
    updateReturns: true,
  })
