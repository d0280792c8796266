export type { Parameters } from './bind.js'
export { Deadlines, type Waiter } from './deadlines.js'
export type { Executable } from './executor.js'
export {
  type BeginOptions,
  type CloseOptions,
  createSessionFactory,
  SessionFactory,
  type SessionFactoryOptions,
  type SessionFactoryStats,
  type SessionOptions,
} from './factory.js'
export type { LeakInfo } from './leak.js'
export type { RetryOptions } from './retry.js'
export { Queryable, Savepoint, Session, type StatementOptions } from './session.js'
export type { SessionState } from './state.js'
export {
  createSyncSessionFactory,
  SyncQueryable,
  SyncSavepoint,
  SyncSession,
  SyncSessionFactory,
} from './sync-session.js'
