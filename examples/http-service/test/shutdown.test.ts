import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { eq, update } from '@nakedsql/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { books } from '../src/schema.js'
import { databases, postgresDatabase, sqliteDatabase, type TestDatabase } from './databases.js'
import { call, startService } from './server.js'

describe.each(databases)('graceful shutdown on %s', (_, open) => {
  let database: TestDatabase

  beforeAll(async () => {
    database = await open('shutdown')
  })

  afterAll(async () => {
    await database?.drop()
  })

  it('stops accepting, lets the request in flight finish, then closes the factory', async () => {
    let arrived!: () => void
    const borrowArrived = new Promise<void>((resolve) => {
      arrived = resolve
    })
    const service = await startService(database.url, (app) => {
      app.addHook('preHandler', async (request) => {
        if (request.method === 'POST' && request.url.endsWith('/loans')) arrived()
      })
    })
    const userId = (
      await service.call('POST', '/users', { name: 'Late', email: 'late@example.com' })
    ).body.id
    const book = (await service.call('POST', '/books', { title: 'Slow', author: 'S', copies: 1 }))
      .body

    // Hold the book's row (and on SQLite the only connection) so the borrow must wait.
    const holder = await service.db.session()
    await holder.execute(update(books).set({ title: book.title }).where(eq(books.id, book.id)))
    let settled = false
    const borrow = service
      .call('POST', `/users/${userId}/loans`, { bookId: book.id })
      .finally(() => {
        settled = true
      })
    await borrowArrived

    const closed = service.app.close()
    await waitUntil(async () => !service.app.server.listening)
    await expect(fetch(`${service.baseUrl}/health`)).rejects.toThrow()
    expect(settled).toBe(false)

    await holder.commit()
    expect(await borrow).toMatchObject({ status: 201, body: { userId, bookId: book.id } })
    await closed
    await expect(service.db.begin(async () => {})).rejects.toThrow()
  })
})

const serviceDir = fileURLToPath(new URL('..', import.meta.url))

/** Starts src/main.ts as `pnpm start` does (it creates missing tables), and waits for its address. */
async function startProcess(
  url: string,
): Promise<{ child: ChildProcess; baseUrl: string; lines: string[] }> {
  const env = { ...process.env, DATABASE_URL: url, PORT: '0', HOST: '127.0.0.1' }
  const tsx = ['--import', 'tsx', '--conditions=source']
  const child = spawn(process.execPath, [...tsx, 'src/main.ts'], {
    cwd: serviceDir,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines: string[] = []
  const reader = createInterface({ input: child.stdout! })
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the service exited with code ${code} before listening`)),
    )
    reader.on('line', (line) => {
      lines.push(line)
      const match = /listening on (http:\/\/\S+)/.exec(line)
      if (match) resolve(match[1]!)
    })
  })
  return { child, baseUrl, lines }
}

describe('the service process', () => {
  const databases: TestDatabase[] = []
  afterAll(async () => {
    for (const database of databases) await database.drop()
  })

  it('exits with code 0 on SIGTERM once the factory is closed, and restarts on its data (SQLite file)', async () => {
    const database = await sqliteDatabase('sigterm')
    databases.push(database)
    const { child, baseUrl, lines } = await startProcess(database.url)
    const exited = once(child, 'exit')
    expect((await call(baseUrl, 'GET', '/books')).body).toEqual([])
    const book = { title: 'Kept', author: 'A', copies: 2 }
    expect((await call(baseUrl, 'POST', '/books', book)).status).toBe(201)

    child.kill('SIGTERM')
    const [code] = await exited
    expect(code).toBe(0)
    expect(lines.slice(-2)).toEqual([
      'SIGTERM: no longer accepting requests; finishing the ones in flight',
      'closed: requests finished, session factory closed',
    ])

    // The second start finds every table already there and keeps the rows.
    const again = await startProcess(database.url)
    const exitedAgain = once(again.child, 'exit')
    expect((await call(again.baseUrl, 'GET', '/books')).body).toMatchObject([{ title: 'Kept' }])
    again.child.kill('SIGTERM')
    expect((await exitedAgain)[0]).toBe(0)
  })

  it('finishes the request in flight on SIGTERM, then exits with code 0 (PostgreSQL)', async () => {
    const database = await postgresDatabase('sigterm')
    databases.push(database)
    const { child, baseUrl, lines } = await startProcess(database.url)
    const exited = once(child, 'exit')
    const userId = (
      await call(baseUrl, 'POST', '/users', { name: 'Term', email: 'term@example.com' })
    ).body.id
    const bookId = (await call(baseUrl, 'POST', '/books', { title: 'T', author: 'A', copies: 1 }))
      .body.id

    // This test holds the book's row lock, so the borrow is still in flight at SIGTERM.
    const holder = new pg.Client({ connectionString: database.url })
    await holder.connect()
    await holder.query('begin')
    await holder.query('select 1 from books where id = $1 for update', [bookId])
    const borrow = call(baseUrl, 'POST', `/users/${userId}/loans`, { bookId })
    await waitUntil(async () => {
      const { rows } = await holder.query(
        'select count(*)::int as n from pg_stat_activity where pg_backend_pid() = any(pg_blocking_pids(pid))',
      )
      return rows[0].n > 0
    })

    child.kill('SIGTERM')
    await waitUntil(async () => lines.some((l) => l.startsWith('SIGTERM:')))
    await expect(fetch(`${baseUrl}/health`)).rejects.toThrow()
    await holder.query('commit')
    await holder.end()

    expect(await borrow).toMatchObject({ status: 201, body: { userId, bookId } })
    const [code] = await exited
    expect({ code, last: lines.at(-1) }).toEqual({
      code: 0,
      last: 'closed: requests finished, session factory closed',
    })
  })
})

/** Polls a condition that another process makes true (a lock wait, a log line). */
async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}
