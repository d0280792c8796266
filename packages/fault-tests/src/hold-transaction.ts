import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory, type Driver, sql } from '@nakedsql/core'

/*
 * A child process that opens a session, writes in it, tells its parent which server
 * connection holds the transaction, and then waits to be killed. Arguments: the database
 * kind and its connection target (a PostgreSQL schema's URL and schema, a MariaDB URI, or
 * an SQLite file).
 */

const [kind, target, schema] = process.argv.slice(2)

function driver(): Driver {
  if (kind === 'pg')
    return pgAdapter({ connectionString: target!, options: `-c search_path=${schema}`, max: 1 })
  if (kind === 'mysql') return mysql2Adapter({ uri: target!, max: 1 })
  return betterSqlite3Adapter({ filename: target! })
}

const connectionIdSql = {
  pg: sql<[number]>`SELECT pg_backend_pid()`,
  mysql: sql<[number]>`SELECT CONNECTION_ID()`,
  sqlite: sql<[number]>`SELECT 0`,
}

const db = createSessionFactory(driver())
await db.begin(async (s) => {
  await s.execute(sql`INSERT INTO marks VALUES ('from-killed-child')`)
  const id = (await s.scalars(connectionIdSql[kind as keyof typeof connectionIdSql])).one()
  process.send!({ connectionId: String(id) })
  await new Promise(() => undefined)
})
