import type { Capabilities } from '@nakedsql/core'

/**
 * SQLite 3.35+ (bundled with better-sqlite3 11 and 12, and with libSQL): RETURNING everywhere,
 * savepoints, one connection.
 */
export const sqliteCapabilities: Capabilities = Object.freeze({
  returning: Object.freeze({ insert: true, update: true, delete: true }),
  savepoints: true,
  // SQLite transactions are serializable; no other level can be asked for.
  isolationLevels: Object.freeze(['serializable'] as const),
  readOnly: true,
  concurrentConnections: false,
  // No round trips to save: one prepared single-row insert run per set is the fastest bulk path.
  batchInserts: false,
  // A running statement blocks the thread it runs on, so nothing can interrupt it in time.
  statementTimeout: false,
  // Embedded: a statement answers or fails on this thread; no network can swallow it.
  remote: false,
})
