import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import mysql from 'mysql2/promise'
import pg from 'pg'

/*
 * A private database per test file, named by a DATABASE_URL as a user would write it:
 * a fresh PostgreSQL schema (put on the search_path through the URL's `options`), a fresh
 * MariaDB database, or a temporary SQLite / libSQL file.
 */

export interface TestDatabase {
  readonly name: string
  readonly url: string
  drop(): Promise<void>
}

const pgUrl = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const mysqlUrl = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

function suffix(): string {
  return randomBytes(4).toString('hex')
}

export async function postgresDatabase(prefix: string): Promise<TestDatabase> {
  const schema = `${prefix}_${suffix()}`
  const admin = new pg.Client({ connectionString: pgUrl })
  await admin.connect()
  await admin.query(`create schema "${schema}"`)
  await admin.end()
  const url = new URL(pgUrl)
  url.searchParams.set('options', `-c search_path=${schema}`)
  return {
    name: 'PostgreSQL',
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: pgUrl })
      await client.connect()
      await client.query(`drop schema if exists "${schema}" cascade`)
      await client.end()
    },
  }
}

export async function mysqlDatabase(prefix: string): Promise<TestDatabase> {
  const database = `${prefix}_${suffix()}`
  const admin = await mysql.createConnection(mysqlUrl)
  await admin.query(`create database \`${database}\``)
  await admin.end()
  const url = new URL(mysqlUrl)
  url.pathname = `/${database}`
  return {
    name: 'MariaDB',
    url: url.toString(),
    async drop() {
      const client = await mysql.createConnection(mysqlUrl)
      await client.query(`drop database if exists \`${database}\``)
      await client.end()
    },
  }
}

function tempFile(prefix: string): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`))
  return {
    path: join(dir, 'service.db'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

export async function sqliteDatabase(prefix: string): Promise<TestDatabase> {
  const file = tempFile(prefix)
  return { name: 'SQLite (better-sqlite3)', url: file.path, drop: async () => file.remove() }
}

export async function libsqlDatabase(prefix: string): Promise<TestDatabase> {
  const file = tempFile(prefix)
  return { name: 'libSQL', url: `file:${file.path}`, drop: async () => file.remove() }
}

export const databases = [
  ['sqlite', sqliteDatabase],
  ['libsql', libsqlDatabase],
  ['postgres', postgresDatabase],
  ['mysql', mysqlDatabase],
] as const
