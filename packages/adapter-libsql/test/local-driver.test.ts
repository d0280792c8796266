import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import {
  createSessionFactory,
  gte,
  insert,
  integer,
  LockTimeoutError,
  type SessionFactory,
  select,
  sql,
  table,
  text,
} from '@nakedsql/core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { libsqlAdapter } from '../src/index.js'
import { expectRawValues } from './values.js'

/*
 * Local URLs run on the libsql engine directly (the connection of @nakedsql/embedded-sqlite),
 * not through @libsql/client. Another process is played by a second engine connection to the
 * same file.
 */

const require = createRequire(import.meta.url)
const Engine = require('libsql') as new (
  path: string,
  options: { timeout: number },
) => { prepare(sql: string): { run(params: unknown[]): unknown }; close(): void }

const directory = mkdtempSync(join(tmpdir(), 'nakedsql-libsql-local-'))
let fileNumber = 0
let path: string
let db: SessionFactory

const count = sql<[number]>`SELECT count(*) FROM items`
const insertItem = (label: string) => sql`INSERT INTO items (label) VALUES (${label})`

beforeEach(async () => {
  path = join(directory, `db${++fileNumber}.sqlite`)
  db = createSessionFactory(libsqlAdapter({ url: `file:${path}`, busyTimeoutMs: 100 }))
  await db.execute(sql`CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, data BLOB)`)
})

afterEach(async () => {
  await db.close()
})

afterAll(() => {
  rmSync(directory, { recursive: true, force: true })
})

describe('a local database on the engine', () => {
  it('returns array rows: integers as bigint, blobs as Buffer, text as text, cut at NUL', () =>
    expectRawValues(db.driver, Uint8Array))

  it('is the file @libsql/client opens for the same URL, percent-encoding included', async () => {
    const url = `file:${join(directory, 'a%20b.sqlite')}`
    const ours = createSessionFactory(libsqlAdapter({ url }))
    await ours.execute(sql`CREATE TABLE shared (a INTEGER)`)
    await ours.begin((s) => s.execute(sql`INSERT INTO shared VALUES (${7})`))
    await ours.close()
    const client = createClient({ url, intMode: 'bigint' })
    expect((await client.execute('SELECT a FROM shared')).rows.map((r) => r[0])).toEqual([7n])
    client.close()
  })

  it('keeps an in-memory database across sessions', async () => {
    const memory = createSessionFactory(libsqlAdapter({ url: ':memory:' }))
    await memory.begin(async (s) => {
      await s.execute(sql`CREATE TABLE t (a INTEGER)`)
      await s.execute(sql`INSERT INTO t VALUES (${1})`)
    })
    expect(
      await memory.begin(async (s) => (await s.scalars(sql<[number]>`SELECT a FROM t`)).all()),
    ).toEqual([1])
    await memory.close()
  })
})

describe('another process holding the write lock', () => {
  it('fails BEGIN with LockTimeoutError after the busy timeout, then leaves no statement or lock behind', async () => {
    const other = new Engine(path, { timeout: 100 })
    other.prepare('BEGIN IMMEDIATE').run([])
    const refused = await db.begin((s) => s.execute(insertItem('refused'))).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(LockTimeoutError)
    other.prepare('ROLLBACK').run([])
    // libSQL leaves the BEGIN that failed unfinished; had the connection kept it, this read-only
    // session's COMMIT would fail with "SQL statements in progress".
    expect(await db.begin(async (s) => (await s.scalars(count)).one(), { readOnly: true })).toBe(0)
    await db.begin((s) => s.execute(insertItem('kept')))
    other.prepare('BEGIN IMMEDIATE').run([])
    other.prepare("INSERT INTO items (label) VALUES ('other')").run([])
    other.prepare('COMMIT').run([])
    other.close()
    expect(await db.begin(async (s) => (await s.scalars(count)).one())).toBe(2)
  })
})

describe('first rows', () => {
  it('binds each call’s parameters, also after the same statement read every row', async () => {
    const items = table('items', { id: integer().primaryKey().autoIncrement(), label: text() })
    await db.begin((s) =>
      s.execute(insert(items).values([{ label: 'a' }, { label: 'b' }, { label: 'c' }])),
    )
    const from = (id: number) =>
      select(items.label).from(items).where(gte(items.id, id)).orderBy(items.id)
    expect((await db.scalars(from(3))).all()).toEqual(['c'])
    expect(await db.scalar(from(1))).toBe('a')
    expect(await db.scalar(from(2))).toBe('b')
    expect((await db.scalars(from(2))).all()).toEqual(['b', 'c'])
    expect(await db.scalar(from(3))).toBe('c')
  })
})
