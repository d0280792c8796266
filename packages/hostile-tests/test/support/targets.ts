import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import { libsqlAdapter } from '@nakedsql/adapter-libsql'
import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory, type Driver, type SessionFactory } from '@nakedsql/core'
import mysql2 from 'mysql2/promise'
import pg from 'pg'
import { type RecordingDriver, recording } from './recording-driver.js'

export const PG_URL = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
export const MYSQL_URL = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** One database as a property sees it: a session factory on an isolated schema or file. */
export interface Opened {
  readonly db: SessionFactory
  readonly driver: RecordingDriver
  close(): Promise<void>
}

export interface Target {
  /** Shown in test names. */
  readonly name: string
  /** The LIKE semantics of the server, for the model the LIKE property compares with. */
  readonly like: LikeSemantics
  /** Opens a fresh, isolated database; `prefix` names it after the test file. */
  open(prefix: string): Promise<Opened>
}

export interface LikeSemantics {
  /** Whether `\` escapes the next pattern character. */
  readonly backslashEscapes: boolean
  /** What a pattern ending in the escape character does. */
  readonly trailingEscape: 'error' | 'literal'
  /** Whether LIKE ignores ASCII case (SQLite's default). */
  readonly asciiCaseInsensitive: boolean
}

function opened(driver: Driver, cleanup: () => Promise<void> | void): Opened {
  const tapped = recording(driver)
  const db = createSessionFactory(tapped)
  return {
    db,
    driver: tapped,
    async close() {
      await db.close()
      await cleanup()
    },
  }
}

function suffix(prefix: string): string {
  return `nakedsql_hostile_${prefix}_${randomBytes(4).toString('hex')}`
}

const postgres: Target = {
  name: 'PostgreSQL',
  like: { backslashEscapes: true, trailingEscape: 'error', asciiCaseInsensitive: false },
  async open(prefix) {
    const schema = suffix(prefix)
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    await admin.query(`CREATE SCHEMA "${schema}"`)
    const driver = pgAdapter({
      connectionString: PG_URL,
      options: `-c search_path=${schema}`,
      max: 2,
    })
    return opened(driver, async () => {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
      await admin.end()
    })
  },
}

/** MariaDB in the server's sql_mode, or with NO_BACKSLASH_ESCAPES added on every connection. */
function mariadb(noBackslashEscapes: boolean): Target {
  return {
    name: noBackslashEscapes ? 'MariaDB (NO_BACKSLASH_ESCAPES)' : 'MariaDB',
    // LIKE's escape character stays the backslash under NO_BACKSLASH_ESCAPES.
    like: {
      backslashEscapes: true,
      trailingEscape: 'literal',
      asciiCaseInsensitive: false,
    },
    async open(prefix) {
      const database = suffix(prefix)
      const admin = await mysql2.createConnection({ uri: MYSQL_URL })
      await admin.query(`CREATE DATABASE \`${database}\``)
      const url = new URL(MYSQL_URL)
      url.pathname = `/${database}`
      const pool = mysql2.createPool({ uri: url.toString(), connectionLimit: 2 })
      if (noBackslashEscapes) {
        // Runs before anything else on each new connection.
        pool.pool.on('connection', (connection) => {
          connection.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_BACKSLASH_ESCAPES')")
        })
      }
      return opened(mysql2Adapter({ pool }), async () => {
        await admin.query(`DROP DATABASE \`${database}\``)
        await admin.end()
      })
    },
  }
}

function sqliteFile(prefix: string): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), `nakedsql-hostile-${prefix}-`))
  return {
    file: join(dir, 'hostile.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

const betterSqlite3: Target = {
  name: 'SQLite (better-sqlite3)',
  like: { backslashEscapes: false, trailingEscape: 'literal', asciiCaseInsensitive: true },
  async open(prefix) {
    const { file, remove } = sqliteFile(prefix)
    return opened(betterSqlite3Adapter({ filename: file }), remove)
  },
}

const libsql: Target = {
  name: 'SQLite (libSQL)',
  like: { backslashEscapes: false, trailingEscape: 'literal', asciiCaseInsensitive: true },
  async open(prefix) {
    const { file, remove } = sqliteFile(prefix)
    return opened(libsqlAdapter({ url: `file:${file}` }), remove)
  },
}

/** Every database and mode the properties run on. */
export const targets: readonly Target[] = [
  postgres,
  mariadb(false),
  mariadb(true),
  betterSqlite3,
  libsql,
]
