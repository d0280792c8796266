import type { Driver, DriverConnection } from '@nakedsql/core'
import mysql2Promise from 'mysql2/promise'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { insertTemplate, planBatches } from '../src/insert-batches.js'
import { parseServerInfo, returningOf } from '../src/server-info.js'
import { createTestDatabase } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>
let driver: Driver
let connection: DriverConnection

beforeAll(async () => {
  testDatabase = await createTestDatabase('server')
  driver = mysql2Adapter({ uri: testDatabase.uri, max: 2 })
  connection = await driver.acquire({ timeoutMs: 5000 })
  await connection.execute(
    'CREATE TABLE items (id int PRIMARY KEY, label varchar(100), body longtext)',
    [],
  )
})

beforeEach(async () => {
  await connection.execute('DELETE FROM items', [])
})

afterAll(async () => {
  await driver.release(connection, { destroy: false })
  await driver.close()
  await testDatabase.drop()
})

describe('RETURNING support, from the server version', () => {
  it('promises no RETURNING before a connection has reported the server, and keeps one object', async () => {
    const fresh = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const capabilities = fresh.capabilities
    expect(capabilities.returning).toEqual({ insert: false, update: false, delete: false })
    const first = await fresh.acquire({ timeoutMs: 5000 })
    expect(fresh.capabilities).toBe(capabilities)
    expect(capabilities.returning).toEqual({ insert: true, update: false, delete: true })
    await fresh.release(first, { destroy: false })
    await fresh.close()
  })

  it('declares RETURNING on INSERT and DELETE on this MariaDB, and the server runs both', async () => {
    const version = await adminValue('SELECT VERSION()')
    expect(version).toMatch(/mariadb/i)
    expect(driver.capabilities.returning).toEqual({ insert: true, update: false, delete: true })
    const inserted = await connection.execute(
      'INSERT INTO items (id, label) VALUES (?, ?) RETURNING id, label',
      [100, 'returned'],
    )
    expect(inserted).toEqual({ columns: ['id', 'label'], rows: [[100, 'returned']], rowCount: 1 })
    const deleted = await connection.execute('DELETE FROM items WHERE id = ? RETURNING id', [100])
    expect(deleted.rows).toEqual([[100]])
  })

  it('derives the flags from the version string', () => {
    const of = (version: string) => returningOf(parseServerInfo(version, 1))
    expect(of('10.11.6-MariaDB-0+deb12u1')).toEqual({ insert: true, update: false, delete: true })
    expect(of('10.5.0-MariaDB')).toEqual({ insert: true, update: false, delete: true })
    expect(of('10.4.32-MariaDB')).toEqual({ insert: false, update: false, delete: false })
    expect(of('8.0.36')).toEqual({ insert: false, update: false, delete: false })
  })
})

describe('executemany', () => {
  it('closes the one-off statements of its batches on a pool it was given too', async () => {
    const pool = mysql2Promise.createPool({ uri: testDatabase.uri, connectionLimit: 1 })
    const given = mysql2Adapter({ pool })
    const own = await given.acquire({ timeoutMs: 5000 })
    try {
      const closed = async () =>
        Number((await own.execute("SHOW SESSION STATUS LIKE 'Com_stmt_close'", [])).rows[0]![1])
      const before = await closed()
      // Three placeholders per row: 25,000 rows make two statements of at most 65,535.
      const rows = Array.from({ length: 25_000 }, (_, i) => [i, `row ${i}`, null])
      const result = await own.executeMany(
        'INSERT INTO items (id, label, body) VALUES (?, ?, ?)',
        rows,
      )
      expect(result.rowCount).toBe(rows.length)
      expect((await closed()) - before).toBe(2)
    } finally {
      await given.release(own, { destroy: false })
      await given.close()
    }
  })

  it('inserts many rows in multi-row batches that fit max_allowed_packet', async () => {
    const packet = Number(await adminValue('SELECT @@max_allowed_packet'))
    // Rows of 64 KiB: a packet holds only a few hundred of them, so two batches are needed.
    const body = 'x'.repeat(64 * 1024)
    const rows = Array.from({ length: Math.ceil((packet / body.length) * 1.5) }, (_, i) => [
      i,
      `row ${i}`,
      body,
    ])
    const sql = 'INSERT INTO items (id, label, body) VALUES (?, ?, ?)'
    const batches = planBatches(insertTemplate(sql)!, rows, packet)
    expect(batches.length).toBe(2)
    const before = await statusCounter('Com_insert')
    const closedBefore = await statusCounter('Com_stmt_close')
    const result = await connection.executeMany(sql, rows)
    const after = await statusCounter('Com_insert')
    expect(result.rowCount).toBe(rows.length)
    expect(after - before).toBe(batches.length)
    // Batch texts are one-offs: their server-side statements are closed, not cached.
    expect((await statusCounter('Com_stmt_close')) - closedBefore).toBe(batches.length)
    const stored = await connection.execute('SELECT count(*), sum(length(body)) FROM items', [])
    expect(stored.rows).toEqual([[String(rows.length), String(rows.length * body.length)]])
  }, 30_000)

  it('splits a multi-row INSERT too large for one packet, keeping RETURNING rows in order', async () => {
    const packet = Number(await adminValue('SELECT @@max_allowed_packet'))
    const body = 'y'.repeat(64 * 1024)
    const count = Math.ceil((packet / body.length) * 1.2)
    const params = Array.from({ length: count }, (_, i) => [i, `r${i}`, body]).flat()
    const tuples = Array.from({ length: count }, () => '(?, ?, ?)').join(', ')
    const sql = `INSERT INTO items (id, label, body) VALUES ${tuples} RETURNING id`
    const result = await connection.execute(sql, params)
    expect(result.columns).toEqual(['id'])
    expect(result.rows).toEqual(Array.from({ length: count }, (_, i) => [i]))
    expect(result.rowCount).toBe(count)
  }, 30_000)

  it('keeps batches under the 65,535 placeholders of one statement', () => {
    const template = insertTemplate('INSERT INTO t (a, b, c) VALUES (?, ?, ?)')!
    const rows = Array.from({ length: 50_000 }, (_, i) => [i, i, i])
    const batches = planBatches(template, rows, 1 << 30)
    expect(batches.map((batch) => batch.length)).toEqual([21_845, 21_845, 6_310])
  })

  it('runs a statement it cannot batch once per parameter set', async () => {
    await connection.execute('INSERT INTO items (id, label) VALUES (1, ?)', ['one'])
    const result = await connection.executeMany('UPDATE items SET label = ? WHERE id = ?', [
      ['uno', 1],
      ['nothing', 2],
    ])
    expect(result.rowCount).toBe(1)
  })

  it('batches only an INSERT whose placeholders are all in its VALUES tuple', () => {
    expect(insertTemplate('INSERT INTO t (a) VALUES (?) ON DUPLICATE KEY UPDATE a = ?')).toBe(
      undefined,
    )
    expect(insertTemplate('INSERT INTO t (a) SELECT ? FROM dual')).toBe(undefined)
    expect(insertTemplate('INSERT INTO t (a, b) VALUES (?, ?), (?, 1)')).toBe(undefined)
    expect(insertTemplate('INSERT INTO t (a) VALUES (?), (?), (?)')).toMatchObject({
      head: 'INSERT INTO t (a) VALUES ',
      tuple: '(?)',
      tail: '',
      width: 1,
    })
    expect(insertTemplate('INSERT INTO `t` (`a`, `b`) VALUES (?, ?) RETURNING `a`')).toEqual({
      head: 'INSERT INTO `t` (`a`, `b`) VALUES ',
      tuple: '(?, ?)',
      tail: ' RETURNING `a`',
      width: 2,
    })
  })
})

async function statusCounter(name: string): Promise<number> {
  const result = await connection.execute(`SHOW SESSION STATUS LIKE '${name}'`, [])
  return Number(result.rows[0]![1])
}

async function adminValue(sql: string): Promise<unknown> {
  const [rows] = await testDatabase.admin.query({ sql, rowsAsArray: true })
  return (rows as unknown[][])[0]![0]
}
