import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createMysqlDatabase,
  createPgSchema,
  eventually,
  type MysqlTestDatabase,
  PG_URL,
  type PgTestSchema,
  within,
} from '../src/databases.js'

/*
 * A client process killed (SIGKILL) while its session holds a transaction with a write in
 * it: the server must end that transaction by itself, and an SQLite file must stay intact.
 */

const here = dirname(fileURLToPath(import.meta.url))
const child = join(here, '../src/hold-transaction.ts')
const repoRoot = join(here, '../../..')

/** Starts the child, waits until its transaction holds a write, then kills it. */
async function killMidSession(args: string[]): Promise<string> {
  const proc = fork(child, args, {
    cwd: repoRoot,
    execArgv: ['--import', 'tsx', '--conditions=source'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  let stderr = ''
  proc.stderr!.on('data', (chunk) => {
    stderr += String(chunk)
  })
  try {
    const message = await within(
      new Promise<{ connectionId: string }>((resolve, reject) => {
        proc.once('message', (m) => resolve(m as { connectionId: string }))
        proc.once('exit', (code) =>
          reject(new Error(`child exited (${code}) before its session was open: ${stderr}`)),
        )
      }),
      15_000,
      'the child to open its session',
    )
    return message.connectionId
  } finally {
    const exited = new Promise((resolve) => proc.once('exit', resolve))
    proc.kill('SIGKILL')
    await exited
  }
}

let pg: PgTestSchema
let my: MysqlTestDatabase
let dir: string

beforeAll(async () => {
  pg = await createPgSchema('killed_client')
  await pg.admin.query('CREATE TABLE marks (id text PRIMARY KEY)')
  my = await createMysqlDatabase('killed_client')
  await my.admin.query('CREATE TABLE marks (id varchar(60) PRIMARY KEY) ENGINE=InnoDB')
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-killed-client-'))
})

afterAll(async () => {
  await pg.drop()
  await my.drop()
  rmSync(dir, { recursive: true, force: true })
})

describe('a client process killed mid-session', () => {
  it('PostgreSQL: the backend and its open transaction are gone; nothing written', async () => {
    const pid = await killMidSession(['pg', PG_URL, pg.schema])
    await eventually(
      async () =>
        (await pg.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])).rowCount ===
        0,
      'the backend of the killed client ended',
    )
    expect((await pg.admin.query('SELECT 1 FROM marks')).rowCount).toBe(0)
  }, 30_000)

  it('MariaDB: the connection and its InnoDB transaction are gone; nothing written', async () => {
    const id = await killMidSession(['mysql', my.uri()])
    await eventually(async () => {
      const [trx] = await my.admin.query(
        'SELECT 1 FROM information_schema.innodb_trx WHERE trx_mysql_thread_id = ?',
        [Number(id)],
      )
      const [proc] = await my.admin.query(
        'SELECT 1 FROM information_schema.processlist WHERE id = ?',
        [Number(id)],
      )
      return (trx as unknown[]).length === 0 && (proc as unknown[]).length === 0
    }, 'the killed client’s connection and transaction ended')
    const [rows] = await my.admin.query('SELECT 1 FROM marks')
    expect(rows).toEqual([])
  }, 30_000)

  it('better-sqlite3: the file passes integrity_check, holds nothing of the session and takes a new writer', async () => {
    const file = join(dir, 'killed.db')
    const setup = new Database(file)
    setup.pragma('journal_mode = WAL')
    setup.exec('CREATE TABLE marks (id text PRIMARY KEY)')
    setup.close()
    await killMidSession(['sqlite', file])
    const after = new Database(file, { timeout: 2000 })
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
      expect(after.prepare('SELECT count(*) AS n FROM marks').get()).toEqual({ n: 0 })
      after.exec('BEGIN IMMEDIATE')
      after.exec("INSERT INTO marks VALUES ('after')")
      after.exec('COMMIT')
    } finally {
      after.close()
    }
  }, 30_000)
})
