import type { DatabaseId, Sizes, Target } from '../config.js'

/**
 * The harness's own connection to one database: creates and seeds the bench tables, removes
 * what write workloads inserted (outside any timed section), and drops everything at the end.
 */
export interface Admin {
  readonly id: DatabaseId
  setup(sizes: Sizes): Promise<void>
  /**
   * Deletes rows inserted by write workloads so tables do not grow across rounds; returns how
   * many there were, which proves the writes happened.
   */
  cleanup(sizes: Sizes): Promise<number>
  /** Drops the bench schema/database/files and closes the connection. */
  teardown(): Promise<void>
}

export type AdminFactory = (target: Target) => Promise<Admin>

export async function openAdmin(id: DatabaseId, target: Target): Promise<Admin> {
  switch (id) {
    case 'pg':
      return (await import('./admin-pg.js')).openPgAdmin(target)
    case 'mysql':
      return (await import('./admin-mysql.js')).openMysqlAdmin(target)
    case 'better-sqlite3':
      return (await import('./admin-sqlite.js')).openSqliteAdmin(id, target.sqliteFile)
    case 'libsql':
      return (await import('./admin-sqlite.js')).openSqliteAdmin(id, target.libsqlFile)
  }
}
