import { randomBytes } from 'node:crypto'
import mysql2 from 'mysql2/promise'
import pg from 'pg'

/*
 * The real local servers, and one schema (PostgreSQL) or database (MariaDB) per test file,
 * so files run side by side on one server.
 */

export const PG_URL = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** The host and port of a connection URL. */
export function endpoint(url: string): { host: string; port: number } {
  const parsed = new URL(url)
  return { host: parsed.hostname, port: Number(parsed.port) }
}

/** The same URL pointed at another port on loopback (a proxy in front of the server). */
export function viaPort(url: string, port: number): string {
  const parsed = new URL(url)
  parsed.hostname = '127.0.0.1'
  parsed.port = String(port)
  return parsed.toString()
}

export interface PgTestSchema {
  readonly schema: string
  readonly admin: pg.Client
  /** Adapter options for the schema, optionally through a proxy port. */
  options(port?: number): { connectionString: string; options: string }
  drop(): Promise<void>
}

export async function createPgSchema(prefix: string): Promise<PgTestSchema> {
  const schema = `nakedsql_${prefix}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA "${schema}"`)
  await admin.query(`SET search_path = "${schema}"`)
  return {
    schema,
    admin,
    options: (port) => ({
      connectionString: port === undefined ? PG_URL : viaPort(PG_URL, port),
      options: `-c search_path=${schema}`,
    }),
    async drop() {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
      await admin.end()
    },
  }
}

export interface MysqlTestDatabase {
  readonly database: string
  readonly admin: mysql2.Connection
  /** The database's URI, optionally through a proxy port. */
  uri(port?: number): string
  drop(): Promise<void>
}

export async function createMysqlDatabase(prefix: string): Promise<MysqlTestDatabase> {
  const database = `nakedsql_${prefix}_${randomBytes(4).toString('hex')}`
  const admin = await mysql2.createConnection({ uri: MYSQL_URL })
  await admin.query(`CREATE DATABASE \`${database}\``)
  await admin.query(`USE \`${database}\``)
  return {
    database,
    admin,
    uri(port) {
      const url = new URL(port === undefined ? MYSQL_URL : viaPort(MYSQL_URL, port))
      url.pathname = `/${database}`
      return url.toString()
    },
    async drop() {
      await admin.query(`DROP DATABASE \`${database}\``)
      await admin.end()
    },
  }
}

/** Polls until `check` holds, up to `timeoutMs`; tests wait on observable state, not on a delay. */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`never happened within ${timeoutMs} ms: ${what}`)
}

/** Rejects when `promise` has not settled within `ms`: a hang becomes a failure, not a stuck suite. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms: ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

export const randomId = (): string => randomBytes(4).toString('hex')

/**
 * Terminates one backend of the pool whose connections carry `applicationName`, chosen by
 * `random` in [0, 1); resolves to whether there was one.
 */
export async function killPgBackend(
  admin: pg.Client,
  applicationName: string,
  random: () => number,
): Promise<boolean> {
  const { rows } = await admin.query<{ pid: number }>(
    'SELECT pid FROM pg_stat_activity WHERE application_name = $1 ORDER BY pid',
    [applicationName],
  )
  if (rows.length === 0) return false
  const pid = rows[Math.floor(random() * rows.length)]!.pid
  await admin.query('SELECT pg_terminate_backend($1)', [pid])
  return true
}

/**
 * Kills one connection to `database` other than the admin's own, chosen by `random` in
 * [0, 1); resolves to whether there was one.
 */
export async function killMysqlConnection(
  my: MysqlTestDatabase,
  random: () => number,
): Promise<boolean> {
  const [rows] = (await my.admin.query(
    'SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID() ORDER BY id',
    [my.database],
  )) as unknown as [{ id: number }[]]
  if (rows.length === 0) return false
  const id = rows[Math.floor(random() * rows.length)]!.id
  // The connection may have closed meanwhile: that is a kill that found nothing to do.
  await my.admin.query(`KILL CONNECTION ${Number(id)}`).catch(() => undefined)
  return true
}
