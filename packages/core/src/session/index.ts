export type { Parameters } from './bind.js'
export type { Executable } from './executor.js'
export {
  createSessionFactory,
  SessionFactory,
  type SessionFactoryOptions,
  type SessionOptions,
} from './factory.js'
export { Queryable, Savepoint, Session } from './session.js'
export type { SessionState } from './state.js'
export {
  createSyncSessionFactory,
  SyncQueryable,
  SyncSavepoint,
  SyncSession,
  SyncSessionFactory,
} from './sync-session.js'
