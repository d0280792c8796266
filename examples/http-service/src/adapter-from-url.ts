import type { Driver } from '@nakedsql/core'

/**
 * The recommended pattern: the application picks its adapter from one URL, in one place,
 * and nothing else in the code knows which database it runs on.
 *
 * - `postgres://` or `postgresql://`  -> @nakedsql/adapter-pg
 * - `mysql://` or `mariadb://`        -> @nakedsql/adapter-mysql2
 * - `file:`, `libsql://`              -> @nakedsql/adapter-libsql
 * - a file path, `:memory:`, or unset -> @nakedsql/adapter-better-sqlite3 (embedded)
 *
 * Each adapter is imported only when chosen, so an application that installs a single
 * adapter can keep this function as it is and delete the other branches.
 *
 * @example
 * const db = createSessionFactory(await adapterFromUrl(process.env.DATABASE_URL))
 */
export async function adapterFromUrl(url: string | undefined): Promise<Driver> {
  if (url === undefined || url === '' || url === ':memory:') {
    const { betterSqlite3Adapter } = await import('@nakedsql/adapter-better-sqlite3')
    return betterSqlite3Adapter({ filename: ':memory:' })
  }
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { pgAdapter } = await import('@nakedsql/adapter-pg')
    return pgAdapter({ connectionString: url })
  }
  if (/^(mysql|mariadb):\/\//.test(url)) {
    const { mysql2Adapter } = await import('@nakedsql/adapter-mysql2')
    return mysql2Adapter({ uri: url.replace(/^mariadb:/, 'mysql:') })
  }
  if (/^(file:|libsql:\/\/|https?:\/\/|wss?:\/\/)/.test(url)) {
    const { libsqlAdapter } = await import('@nakedsql/adapter-libsql')
    return libsqlAdapter({ url })
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    throw new Error(
      `DATABASE_URL has a scheme this service does not know: "${url.split(':')[0]}". Use postgres://, mysql://, file:, libsql://, a file path or :memory:.`,
    )
  }
  const { betterSqlite3Adapter } = await import('@nakedsql/adapter-better-sqlite3')
  return betterSqlite3Adapter({ filename: url })
}
