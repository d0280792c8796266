import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { createSessionFactory } from '@nakedsql/core'
import mysql2 from 'mysql2/promise'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { type PrivateMariadb, startPrivateMariadb } from '../src/private-servers.js'
import { expectRestartHeld, runThroughRestart } from '../src/restart-run.js'

/*
 * Issue 7: MariaDB restarted (a clean shutdown, then SIGKILL with InnoDB crash recovery at
 * start) while 20 session loops write. On a private server, since the shared one serves every
 * other file at the same time.
 */

const POOL_MAX = 8

let server: PrivateMariadb

beforeAll(async () => {
  server = await startPrivateMariadb()
}, 30_000)

afterAll(async () => {
  await server?.destroy()
}, 30_000)

async function query<T>(text: string): Promise<T[]> {
  const connection = await mysql2.createConnection({ uri: server.uri })
  try {
    return (await connection.query(text))[0] as T[]
  } finally {
    await connection.end()
  }
}

describe('MariaDB restarted while sessions run', () => {
  it.each(['clean shutdown', 'kill -9'] as const)(
    '%s: classified errors or commits, acknowledged commits kept, new sessions within 1 s, same factory',
    async (how) => {
      await query('DROP TABLE IF EXISTS acked')
      await query('CREATE TABLE acked (id integer PRIMARY KEY) ENGINE=InnoDB')
      const db = createSessionFactory(
        mysql2Adapter({ uri: server.uri, max: POOL_MAX, connectTimeoutMs: 5000 }),
        { acquireTimeoutMs: 5000, commitTimeoutMs: 5000, statementTimeoutMs: 5000 },
      )
      try {
        const run = await runThroughRestart({
          db,
          down: () => (how === 'kill -9' ? server.kill() : server.shutdown()),
          up: () => server.start(),
          connectOnce: () => server.connectOnce(),
        })
        const present = new Set(
          (await query<{ id: number }>('SELECT id FROM acked')).map((r) => r.id),
        )
        expectRestartHeld(`mariadb restart ${how}`, run, present, POOL_MAX)
      } finally {
        await db.close({ timeoutMs: 5000 })
      }
    },
    30_000,
  )
})
