import { type AddressInfo, createServer, type Socket } from 'node:net'
import {
  ConnectionLostError,
  createSessionFactory,
  type DriverConnection,
  PoolTimeoutError,
  sql,
} from '@nakedsql/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema, eventually } from './support.js'

let testSchema: Awaited<ReturnType<typeof createTestSchema>>

beforeAll(async () => {
  testSchema = await createTestSchema('pg_pool')
})

afterAll(async () => {
  await testSchema.drop()
})

async function backendPid(connection: DriverConnection): Promise<string> {
  return String((await connection.execute('SELECT pg_backend_pid()', [])).rows[0]![0])
}

async function backendAlive(pid: string): Promise<boolean> {
  const found = await testSchema.admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [pid])
  return found.rowCount === 1
}

async function terminate(pid: string) {
  await testSchema.admin.query('SELECT pg_terminate_backend($1)', [pid])
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
    const driver = pgAdapter({ ...testSchema.options, max: 2 })
    const first = await driver.acquire({ timeoutMs: 5000 })
    const second = await driver.acquire({ timeoutMs: 5000 })
    const refused = await driver.acquire({ timeoutMs: 50 }).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(PoolTimeoutError)
    expect((refused as Error).message).toMatch(/\b2\b.*\b2\b/)
    await driver.release(first, { destroy: false })
    const third = await driver.acquire({ timeoutMs: 5000 })
    expect((await third.execute('SELECT 1', [])).rows).toEqual([['1']])
    await driver.release(second, { destroy: false })
    await driver.release(third, { destroy: false })
    await driver.close()
  })

  it("ends a wait at the adapter's acquireTimeoutMs when the caller would wait longer", async () => {
    // Long enough for the first connection to connect on a loaded machine, shorter than the
    // caller's own wait: the adapter's limit is the one that fires.
    const driver = pgAdapter({ ...testSchema.options, max: 1, acquireTimeoutMs: 1000 })
    const held = await driver.acquire({ timeoutMs: 5000 })
    const started = performance.now()
    const error = await driver.acquire({ timeoutMs: 10_000 }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PoolTimeoutError)
    expect(error).toMatchObject({ timeoutMs: 1000 })
    expect(performance.now() - started).toBeLessThan(5000)
    await driver.release(held, { destroy: false })
    await driver.close()
  })

  it('gives up a new connection that gets no answer after acquireTimeoutMs', async () => {
    // A server that accepts the socket and never answers the startup message.
    const sockets: Socket[] = []
    const silent = createServer((socket) => {
      sockets.push(socket)
      socket.resume()
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    const driver = pgAdapter({
      host: '127.0.0.1',
      port,
      user: 'nobody',
      max: 1,
      acquireTimeoutMs: 300,
    })
    try {
      const started = performance.now()
      const error = await driver.acquire({ timeoutMs: 10_000 }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(Error)
      expect(performance.now() - started).toBeLessThan(5000)
      await eventually(() => sockets.every((socket) => socket.destroyed), 'the socket was closed')
      expect(driver.stats?.()).toMatchObject({ idle: 0, inUse: 0 })
    } finally {
      await driver.close()
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('arms no timer to hand over an idle connection', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    await driver.release(await driver.acquire({ timeoutMs: 5000 }), { destroy: false })
    const armed = vi.spyOn(globalThis, 'setTimeout')
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const calls = armed.mock.calls.length
    armed.mockRestore()
    await driver.release(connection, { destroy: false })
    await driver.close()
    expect(calls).toBe(0)
  })

  it('ends each wait at its own deadline, earlier or later than the waits served before it', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const held = await driver.acquire({ timeoutMs: 5000 })
    let started = performance.now()
    const early = await driver.acquire({ timeoutMs: 100 }).catch((error: unknown) => error)
    expect(early).toBeInstanceOf(PoolTimeoutError)
    expect(performance.now() - started).toBeLessThan(2000)
    await driver.release(held, { destroy: false })

    const served = await driver.acquire({ timeoutMs: 50 })
    started = performance.now()
    const late = await driver.acquire({ timeoutMs: 400 }).catch((error: unknown) => error)
    expect(late).toBeInstanceOf(PoolTimeoutError)
    expect(performance.now() - started).toBeGreaterThanOrEqual(390)
    await driver.release(served, { destroy: false })
    await driver.close()
  })

  it('leaves no timer holding the process once its acquires are served', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout')
    const before = timers().length
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    for (let i = 0; i < 3; i++) {
      await driver.release(await driver.acquire({ timeoutMs: 60_000 }), { destroy: false })
    }
    await driver.close()
    expect(timers()).toHaveLength(before)
  })

  it('pools a connection released idle and reuses it', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const first = await driver.acquire({ timeoutMs: 5000 })
    const pid = await backendPid(first)
    await driver.release(first, { destroy: false })
    const again = await driver.acquire({ timeoutMs: 5000 })
    expect(await backendPid(again)).toBe(pid)
    await driver.release(again, { destroy: false })
    await driver.close()
  })
})

describe('connection hygiene', () => {
  it('destroys a connection released while still inside a transaction', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const pid = await backendPid(connection)
    await connection.execute('BEGIN', [])
    await driver.release(connection, { destroy: false })
    await eventually(async () => !(await backendAlive(pid)), 'the backend in a transaction closed')
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(next.inTransaction?.()).toBe(false)
    expect(await backendPid(next)).not.toBe(pid)
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('destroys a connection when core asks, even when it is idle', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const pid = await backendPid(connection)
    await driver.release(connection, { destroy: true })
    await eventually(async () => !(await backendAlive(pid)), 'the destroyed backend closed')
    await driver.close()
  })

  it('fails the statement of a session whose connection the server killed; the next session works', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    await connection.execute('BEGIN', [])
    const pid = await backendPid(connection)
    await terminate(pid)
    const failure = await connection.execute('SELECT 1', []).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(Error)
    expect(driver.dialect.classifyError(failure, 'statement').name).toBe('ConnectionLostError')
    await driver.release(connection, { destroy: false })
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(await backendPid(next)).not.toBe(pid)
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('surfaces ConnectionLostError from a session whose connection was killed; the next session works', async () => {
    const db = createSessionFactory(pgAdapter({ ...testSchema.options, max: 1 }))
    let killed = ''
    const failure = await db
      .begin(async (session) => {
        killed = String((await session.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one())
        await terminate(killed)
        await session.execute(sql`SELECT 1`)
      })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(ConnectionLostError)
    expect(failure).toMatchObject({ phase: 'statement', retryable: true })
    const next = await db.begin(async (session) =>
      String((await session.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one()),
    )
    expect(next).not.toBe(killed)
    await db.close()
  })

  it('survives the server killing a checked-out connection between statements', async () => {
    const driver = pgAdapter({ ...testSchema.options, max: 1 })
    const connection = await driver.acquire({ timeoutMs: 5000 })
    const pid = await backendPid(connection)
    const uncaught = await uncaughtDuring(async () => {
      await terminate(pid)
      await eventually(async () => !(await backendAlive(pid)), 'the backend was terminated')
      // Give the client's socket the chance to notice before the next statement is sent.
      await new Promise((resolve) => setImmediate(resolve))
      await connection.execute('SELECT 1', []).catch(() => {})
    })
    expect(uncaught).toEqual([])
    await driver.release(connection, { destroy: false })
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect((await next.execute('SELECT 1', [])).rows).toEqual([['1']])
    await driver.release(next, { destroy: false })
    await driver.close()
  })

  it('survives the server killing idle pooled connections, and replaces them', async () => {
    const pool = new pg.Pool({ ...testSchema.options, max: 3 })
    const driver = pgAdapter({ pool })
    const held = await Promise.all([0, 1, 2].map(() => driver.acquire({ timeoutMs: 5000 })))
    const pids = await Promise.all(held.map(backendPid))
    for (const connection of held) await driver.release(connection, { destroy: false })
    expect(pool.idleCount).toBe(3)
    const uncaught = await uncaughtDuring(async () => {
      for (const pid of pids) await terminate(pid)
      await eventually(() => pool.totalCount === 0, 'the pool dropped its dead clients')
    })
    expect(uncaught).toEqual([])
    const next = await driver.acquire({ timeoutMs: 5000 })
    expect(pids).not.toContain(await backendPid(next))
    await driver.release(next, { destroy: false })
    await driver.close()
  })
})
