import { randomBytes } from 'node:crypto'
import Database from 'better-sqlite3'
import mysql from 'mysql2/promise'
import pg from 'pg'
import type { StatementNode } from '../../src/ast/nodes.js'
import type { CompiledStatement } from '../../src/compile/compiled.js'
import { compileMysql, compilePostgres, compileSqlite } from '../../src/compile/index.js'
import type { Statement } from '../../src/statements/statement.js'

/*
 * The three databases through their raw drivers, with no session, adapter or codec in
 * between: what the compilers produce is exactly what runs. Each `open` makes a fresh
 * PostgreSQL schema, MariaDB database or SQLite memory database; `close` removes it.
 */

export interface Outcome {
  readonly rows: unknown[][]
  readonly rowCount: number
}

export interface TestDb {
  readonly name: 'postgres' | 'mysql' | 'sqlite'
  compile(node: StatementNode): CompiledStatement
  /** Runs a compiled statement, binding its slots as given (no codecs yet). */
  run(compiled: CompiledStatement, named?: Record<string, unknown>): Promise<Outcome>
  /** Compiles and runs every statement, in order. */
  runAll(statements: readonly Statement[]): Promise<void>
  close(): Promise<void>
}

const suffix = () => randomBytes(4).toString('hex')

function values(
  c: CompiledStatement,
  named: Record<string, unknown>,
  fix: (v: unknown) => unknown,
) {
  return c.params.map((slot) => fix(slot.kind === 'value' ? slot.value : named[slot.name]))
}

async function openPostgres(): Promise<TestDb> {
  const url = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const schema = `nakedsql_compile_${suffix()}`
  await client.query(`CREATE SCHEMA ${schema}`)
  await client.query(`SET search_path TO ${schema}`)
  const db: TestDb = {
    name: 'postgres',
    compile: (node) => compilePostgres(node),
    async run(c, named = {}) {
      const r = await client.query({
        text: c.sql,
        values: values(c, named, (v) => v),
        rowMode: 'array',
      })
      return { rows: r.rows as unknown[][], rowCount: r.rowCount ?? 0 }
    },
    async runAll(statements) {
      for (const s of statements) await db.run(db.compile(s.toNode()))
    },
    async close() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`)
      await client.end()
    },
  }
  return db
}

async function openMysql(): Promise<TestDb> {
  const url = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
  const conn = await mysql.createConnection({ uri: url, timezone: 'Z' })
  const database = `nakedsql_compile_${suffix()}`
  await conn.query(`CREATE DATABASE ${database}`)
  await conn.query(`USE ${database}`)
  await conn.query(`SET time_zone = '+00:00'`)
  const db: TestDb = {
    name: 'mysql',
    compile: (node) => compileMysql(node),
    async run(c, named = {}) {
      const args = values(c, named, (v) => v)
      // Prepared statements, as an adapter using execute() would run them.
      const [result] =
        args.length > 0
          ? await conn.execute({ sql: c.sql, rowsAsArray: true }, args as never[])
          : await conn.query({ sql: c.sql, rowsAsArray: true })
      if (Array.isArray(result)) return { rows: result as unknown[][], rowCount: result.length }
      return { rows: [], rowCount: (result as mysql.ResultSetHeader).affectedRows }
    },
    async runAll(statements) {
      for (const s of statements) await db.run(db.compile(s.toNode()))
    },
    async close() {
      await conn.query(`DROP DATABASE ${database}`)
      await conn.end()
    },
  }
  return db
}

async function openSqlite(): Promise<TestDb> {
  const sqlite = new Database(':memory:')
  sqlite.pragma('foreign_keys = ON')
  // better-sqlite3 cannot bind booleans.
  const fix = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v)
  const db: TestDb = {
    name: 'sqlite',
    compile: (node) => compileSqlite(node),
    async run(c, named = {}) {
      const stmt = sqlite.prepare(c.sql)
      const args = values(c, named, fix)
      if (stmt.reader) {
        const rows = stmt.raw(true).all(...args) as unknown[][]
        return { rows, rowCount: rows.length }
      }
      return { rows: [], rowCount: stmt.run(...args).changes }
    },
    async runAll(statements) {
      for (const s of statements) await db.run(db.compile(s.toNode()))
    },
    async close() {
      sqlite.close()
    },
  }
  return db
}

export const openers = {
  postgres: openPostgres,
  mysql: openMysql,
  sqlite: openSqlite,
} as const
