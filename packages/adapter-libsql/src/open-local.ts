import type { Driver } from '@nakedsql/core'
import {
  embeddedSqliteDriver,
  type SqliteDatabase,
  type SqliteStatement,
} from '@nakedsql/embedded-sqlite'
import Database from 'libsql'

const DEFAULT_BUSY_TIMEOUT_MS = 5000
const DEFAULT_STATEMENT_CACHE_SIZE = 500

/**
 * A local libSQL database on the engine itself rather than through @libsql/client, which
 * prepares every statement on every call and builds an object with a property per column and
 * per index for every row (three quarters of the time of a large read). The file is opened
 * as the client opens it: same busy timeout, no pragma changed.
 */
export function openLocal(
  local: { readonly path: string; readonly memory: boolean },
  options: { readonly busyTimeoutMs?: number; readonly statementCacheSize?: number },
): Driver {
  const timeout = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS
  const open = () =>
    firstRowsByAll(new Database(local.path, { timeout }) as unknown as SqliteDatabase)
  return embeddedSqliteDriver({
    db: open(),
    owned: true,
    statementCacheSize: options.statementCacheSize ?? DEFAULT_STATEMENT_CACHE_SIZE,
    name: 'libSQL',
    // A statement libSQL failed with SQLITE_BUSY keeps its lock; :memory: is never busy.
    ...(local.memory ? {} : { reopen: open }),
  })
}

/**
 * libsql's `Statement.get` binds nothing once the statement has been run by `iterate` or `all`:
 * it runs again with the previous call's parameters, so a read returns the previous row and an
 * insert ... returning inserts the previous values. First rows are read with `all`, which binds
 * every time and runs the statement to its end, leaving no read lock behind; a first-row read
 * of a long result therefore reads all of it.
 */
function firstRowsByAll(db: SqliteDatabase): SqliteDatabase {
  const prepare = db.prepare.bind(db)
  const firstOf = (statement: SqliteStatement) => (params: readonly unknown[]) =>
    statement.all(params)[0]
  return Object.assign(db, {
    prepare(sql: string): SqliteStatement {
      const statement = prepare(sql)
      statement.get = firstOf(statement)
      return statement
    },
  })
}
