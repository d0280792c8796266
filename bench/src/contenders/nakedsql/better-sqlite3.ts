import { betterSqlite3Adapter, betterSqlite3SyncAdapter } from '@nakedsql/adapter-better-sqlite3'
import { createSessionFactory, createSyncSessionFactory } from '@nakedsql/core'
import type { OpenContender } from '../../contender.js'
import { perCallOps, preparedOps, syncOps } from './workloads.js'

export const open: OpenContender = async ({ target }) =>
  perCallOps(createSessionFactory(betterSqlite3Adapter({ filename: target.sqliteFile })), {
    updateReturns: true,
  })

export const openPrepared: OpenContender = async ({ target }) =>
  preparedOps(createSessionFactory(betterSqlite3Adapter({ filename: target.sqliteFile })), {
    updateReturns: true,
  })

/** Synchronous sessions: no promise anywhere on the path. */
export const openSync: OpenContender = async ({ target }) =>
  syncOps(createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: target.sqliteFile })))
