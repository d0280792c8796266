import type { Target, TargetName } from './target.js'
import { mariadbTarget, pgTarget } from './target-network.js'
import { betterSqlite3Target, libsqlTarget } from './target-sqlite.js'

export function openTarget(name: TargetName): Promise<Target> {
  switch (name) {
    case 'pg':
      return pgTarget()
    case 'mariadb':
      return mariadbTarget()
    case 'better-sqlite3':
      return betterSqlite3Target()
    case 'libsql':
      return libsqlTarget()
  }
}
