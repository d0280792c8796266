import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { type Driver, PoolTimeoutError } from '@nakedsql/core'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { libsqlAdapter } from '../src/index.js'
import { expectRawValues } from './values.js'

const directory = mkdtempSync(join(tmpdir(), 'nakedsql-libsql-client-'))
let fileNumber = 0
let driver: Driver
let url: string

/*
 * The driver on @libsql/client, which runs remote URLs and clients passed in. No libSQL server
 * runs here, so these tests pass in a client on a local file: the same code path, minus the
 * network.
 */
beforeEach(async () => {
  url = `file:${join(directory, `db${++fileNumber}.sqlite`)}`
  const client = createClient({ url, intMode: 'bigint', timeout: 100, concurrency: 1 })
  driver = libsqlAdapter({ client })
  const setup = await driver.acquire({ timeoutMs: 1000 })
  await setup.execute('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT, data BLOB)', [])
  await driver.release(setup, { destroy: false })
})

afterEach(async () => {
  await driver.close()
})

afterAll(() => {
  rmSync(directory, { recursive: true, force: true })
})

describe('execute', () => {
  it('returns array rows: integers as bigint, blobs as ArrayBuffer, text as text, cut at NUL', () =>
    expectRawValues(driver, ArrayBuffer))

  it('counts affected rows, and returned rows for RETURNING', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    const inserted = await connection.execute(
      'INSERT INTO items (label) VALUES (?), (?) RETURNING id',
      ['a', 'b'],
    )
    expect(inserted).toEqual({ columns: ['id'], rows: [[1n], [2n]], rowCount: 2 })
    const updated = await connection.execute("UPDATE items SET label = 'z'", [])
    expect(updated).toEqual({ columns: [], rows: [], rowCount: 2 })
    await driver.release(connection, { destroy: false })
  })

  it('runs one statement for many parameter sets, inside and outside a transaction', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    expect(
      await connection.executeMany('INSERT INTO items (label) VALUES (?)', [['a'], ['b']]),
    ).toEqual({
      rowCount: 2,
    })
    await connection.begin!({})
    expect(await connection.executeMany('INSERT INTO items (label) VALUES (?)', [['c']])).toEqual({
      rowCount: 1,
    })
    await connection.rollback!()
    const count = await connection.execute('SELECT count(*) FROM items', [])
    expect(count.rows).toEqual([[2n]])
    await driver.release(connection, { destroy: false })
  })
})

describe('transactions', () => {
  it('commits and rolls back through the client’s interactive transactions', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    await connection.begin!({})
    expect(connection.inTransaction?.()).toBe(true)
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['kept'])
    await connection.commit!()
    expect(connection.inTransaction?.()).toBe(false)
    await connection.begin!({ isolationLevel: 'serializable' })
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['dropped'])
    await connection.rollback!()
    const rows = await connection.execute('SELECT label FROM items', [])
    expect(rows.rows).toEqual([['kept']])
    await driver.release(connection, { destroy: false })
  })

  it('rolls back only to a savepoint, inside the transaction', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    await connection.begin!({})
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['outer'])
    await connection.execute('SAVEPOINT inner_block', [])
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['inner'])
    await connection.execute('ROLLBACK TO SAVEPOINT inner_block', [])
    await connection.execute('RELEASE SAVEPOINT inner_block', [])
    await connection.commit!()
    expect((await connection.execute('SELECT label FROM items', [])).rows).toEqual([['outer']])
    await driver.release(connection, { destroy: false })
  })

  it('refuses writes in a read-only session, then writes again in the next one', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    await connection.begin!({ readOnly: true })
    const refused = await connection
      .execute('INSERT INTO items (label) VALUES (?)', ['no'])
      .catch((error: unknown) => error)
    expect(refused).toMatchObject({ code: 'SQLITE_READONLY' })
    await connection.rollback!()
    await connection.begin!({})
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['yes'])
    await connection.commit!()
    expect((await connection.execute('SELECT label FROM items', [])).rows).toEqual([['yes']])
    await driver.release(connection, { destroy: false })
  })

  it('rolls back a transaction still open at release', async () => {
    const connection = await driver.acquire({ timeoutMs: 1000 })
    await connection.begin!({})
    await connection.execute('INSERT INTO items (label) VALUES (?)', ['abandoned'])
    await driver.release(connection, { destroy: false })
    const next = await driver.acquire({ timeoutMs: 1000 })
    expect(next.inTransaction?.()).toBe(false)
    expect((await next.execute('SELECT count(*) FROM items', [])).rows).toEqual([[0n]])
    await driver.release(next, { destroy: false })
  })
})

describe('one session at a time on a local client', () => {
  it('makes a second session wait, and fails it with PoolTimeoutError past its timeout', async () => {
    expect(driver.capabilities.concurrentConnections).toBe(false)
    const first = await driver.acquire({ timeoutMs: 1000 })
    const refused = await driver.acquire({ timeoutMs: 20 }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(PoolTimeoutError)
    const waiting = driver.acquire({ timeoutMs: 5000 })
    await driver.release(first, { destroy: false })
    const second = await waiting
    expect((await second.execute('SELECT 1', [])).rows).toEqual([[1n]])
    await driver.release(second, { destroy: false })
  })

  it('waits for another writer by the busy timeout, then reports SQLITE_BUSY at BEGIN', async () => {
    const other = createClient({ url, intMode: 'bigint' })
    const held = await other.transaction('write')
    const connection = await driver.acquire({ timeoutMs: 1000 })
    await expect(connection.begin!({})).rejects.toMatchObject({ code: 'SQLITE_BUSY' })
    expect(connection.inTransaction?.()).toBe(false)
    await held.rollback()
    await connection.begin!({})
    await connection.commit!()
    await driver.release(connection, { destroy: false })
    other.close()
  })
})

describe('clients passed in', () => {
  it('refuses a client that would read integers past 2^53 inexactly', async () => {
    const client = createClient({ url: ':memory:' })
    const adapter = libsqlAdapter({ client })
    await expect(adapter.acquire({ timeoutMs: 1000 })).rejects.toThrow(/intMode: 'bigint'/)
    await adapter.close()
  })

  it('uses a client passed in with intMode bigint', async () => {
    const client = createClient({ url: ':memory:', intMode: 'bigint' })
    const adapter = libsqlAdapter({ client })
    const connection = await adapter.acquire({ timeoutMs: 1000 })
    expect((await connection.execute('SELECT 2', [])).rows).toEqual([[2n]])
    await adapter.release(connection, { destroy: false })
    await adapter.close()
  })
})
