import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory, sql } from '@nakedsql/core'
import {
  createMysqlDatabase,
  createPgSchema,
  killMysqlConnection,
  killPgBackend,
} from '../databases.js'
import { deadlockFault, timeoutFault } from './faults.js'
import { schema, type Target } from './target.js'

/*
 * PostgreSQL and MariaDB under soak: a pool of 8 for 16 sessions at once, and faults that
 * kill a pool connection on the server, time statements out and make deadlocks.
 */

const POOL = 8
const CONCURRENCY = 16

export async function pgTarget(): Promise<Target> {
  const pg = await createPgSchema('soak')
  for (const statement of schema('postgres')) await pg.admin.query(statement)
  const app = `nakedsql_soak_${pg.schema}`
  const db = createSessionFactory(
    pgAdapter({
      ...pg.options(),
      // Deadlocks are found in 50 ms instead of the default second.
      options: `-c search_path=${pg.schema} -c deadlock_timeout=50`,
      application_name: app,
      max: POOL,
    }),
  )
  return {
    name: 'pg',
    db,
    poolSize: POOL,
    concurrency: CONCURRENCY,
    readIsolation: 'repeatable read',
    faults: (ctx) => ({
      kill: () => killPgBackend(pg.admin, app, Math.random),
      timeout: timeoutFault(ctx, sql`SELECT pg_sleep(1)`),
      deadlock: deadlockFault(ctx),
    }),
    async close() {
      await db.close()
      await pg.drop()
    },
  }
}

export async function mariadbTarget(): Promise<Target> {
  const my = await createMysqlDatabase('soak')
  for (const statement of schema('mysql')) await my.admin.query(statement)
  const db = createSessionFactory(mysql2Adapter({ uri: my.uri(), max: POOL }))
  return {
    name: 'mariadb',
    db,
    poolSize: POOL,
    concurrency: CONCURRENCY,
    readIsolation: 'repeatable read',
    faults: (ctx) => ({
      kill: () => killMysqlConnection(my, Math.random),
      // The shape the adapter's own timeout test uses: MariaDB's max_statement_time does not
      // stop a SLEEP() that reads no table.
      timeout: timeoutFault(ctx, sql`SELECT SLEEP(1) FROM (SELECT 1) AS one WHERE ${1} = 1`),
      deadlock: deadlockFault(ctx),
    }),
    async close() {
      await db.close()
      await my.drop()
    },
  }
}
