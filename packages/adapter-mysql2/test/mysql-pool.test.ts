import {
  ConnectionLostError,
  createSessionFactory,
  type DriverConnection,
  PoolTimeoutError,
  sql,
} from '@nakedsql/core'
import mysql2 from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase, eventually } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>>

beforeAll(async () => {
  testDatabase = await createTestDatabase('pool')
})

afterAll(async () => {
  await testDatabase.drop()
})

async function connectionId(connection: DriverConnection): Promise<string> {
  return String((await connection.execute('SELECT CONNECTION_ID()', [])).rows[0]![0])
}

async function threadAlive(id: string): Promise<boolean> {
  const [rows] = await testDatabase.admin.query(
    'SELECT 1 FROM information_schema.PROCESSLIST WHERE ID = ?',
    [id],
  )
  return (rows as unknown[]).length === 1
}

async function kill(id: string) {
  await testDatabase.admin.query(`KILL CONNECTION ${Number(id)}`)
}

/** Collects what would have crashed the process while `run` is going on. */
async function uncaughtDuring(run: () => Promise<void>): Promise<unknown[]> {
  const seen: unknown[] = []
  const record = (error: unknown) => seen.push(error)
  process.on('uncaughtException', record)
  try {
    await run()
  } finally {
    process.off('uncaughtException', record)
  }
  return seen
}

describe('pool limits', () => {
  it('fails an acquire past the pool size with PoolTimeoutError naming size and use', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 2 })
    const first = await driver.acquire({ timeoutMs: 5000 })
    const second = await driver.acquire({ timeoutMs: 5000 })
    const refused = await driver.acquire({ timeoutMs: 50 }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(PoolTimeoutError)
    expect((refused as Error).message).toMatch(/\b2\b.*\b2\b/)
    await driver.release(first, { destroy: false })
    const third = await driver.acquire({ timeoutMs: 5000 })
    expect((await third.execute('SELECT 1', [])).rows).toEqual([[1]])
    await driver.release(second, { destroy: false })
    await driver.release(third, { destroy: false })
    await driver.close()
  })

  it('pools a connection released idle and reuses it', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const first = await driver.acquire({ timeoutMs: 5000 })
    const id = await connectionId(first)
    await driver.release(first, { destroy: false })
    const again = await driver.acquire({ timeoutMs: 5000 })
    expect(await connectionId(again)).toBe(id)
    await driver.release(again, { destroy: false })
    await driver.close()
  })
})

describe('connection hygiene', () => {
  it('destroys a connection released while still inside a transaction', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const id = await connectionId(connection)
    await connection.execute('START TRANSACTION', [])
    await driver.release(connection, { destroy: false })
    await eventually(async () => !(await threadAlive(id)), 'the connection in a transaction closed')
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(next.inTransaction?.()).toBe(false)
    expect(await connectionId(next)).not.toBe(id)
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('destroys a connection when core asks, even when it is idle', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const id = await connectionId(connection)
    await driver.release(connection, { destroy: true })
    await eventually(async () => !(await threadAlive(id)), 'the destroyed connection closed')
    await driver.close()
  })

  it('fails the statement of a session whose connection the server killed; the next session works', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    await connection.execute('START TRANSACTION', [])
    const id = await connectionId(connection)
    await kill(id)
    const failure = await connection.execute('SELECT ?', [1]).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(driver.dialect.classifyError(failure, 'statement').name).toBe('ConnectionLostError')
    await driver.release(connection, { destroy: false })
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(await connectionId(next)).not.toBe(id)
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('surfaces ConnectionLostError from a session whose connection was killed; the next session works', async () => {
    const db = createSessionFactory(mysql2Adapter({ uri: testDatabase.uri, max: 1 }))
    let killed = ''
    const failure = await db
      .begin(async (session) => {
        killed = String((await session.scalars(sql<[number]>`SELECT CONNECTION_ID()`)).one())
        await kill(killed)
        await session.execute(sql`SELECT 1`)
      })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ConnectionLostError)
    expect(failure).toMatchObject({ phase: 'statement', retryable: true })
    const next = await db.begin(async (session) =>
      String((await session.scalars(sql<[number]>`SELECT CONNECTION_ID()`)).one()),
    )
    expect(next).not.toBe(killed)
    await db.close()
  })

  it('survives the server killing a checked-out connection between statements', async () => {
    const driver = mysql2Adapter({ uri: testDatabase.uri, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const id = await connectionId(connection)
    const uncaught = await uncaughtDuring(async () => {
      await kill(id)
      await eventually(async () => !(await threadAlive(id)), 'the connection was killed')
      await new Promise((resolve) => setImmediate(resolve))
      await connection.execute('SELECT 1', []).catch(() => {})
    })
    expect(uncaught).toEqual([])
    await driver.release(connection, { destroy: false })
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect((await next.execute('SELECT 1', [])).rows).toEqual([[1]])
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('survives the server killing idle pooled connections, and replaces them', async () => {
    const pool = mysql2.createPool({ uri: testDatabase.uri, connectionLimit: 3 })
    const driver = mysql2Adapter({ pool })
    const held = await Promise.all([0, 1, 2].map(() => driver.acquire({ timeoutMs: 5000 })))
    const ids = await Promise.all(held.map(connectionId))
    for (const connection of held) await driver.release(connection, { destroy: false })
    const uncaught = await uncaughtDuring(async () => {
      for (const id of ids) await kill(id)
      for (const id of ids) {
        await eventually(async () => !(await threadAlive(id)), 'the connection was killed')
      }
      await new Promise((resolve) => setTimeout(resolve, 50))
    })
    expect(uncaught).toEqual([])
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(ids).not.toContain(await connectionId(next))
    await driver.release(next, { destroy: false })
    await driver.close()
  })
})
