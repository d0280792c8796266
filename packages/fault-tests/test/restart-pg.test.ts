import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory } from '@nakedsql/core'
import pg from 'pg'
import { afterAll, beforeAll, describe, it } from 'vitest'
import {
  type PgStopMode,
  type PrivatePostgres,
  startPrivatePostgres,
} from '../src/private-servers.js'
import { expectRestartHeld, runThroughRestart } from '../src/restart-run.js'

/*
 * Issue 7: PostgreSQL restarted (fast: backends told to exit; immediate: killed, crash
 * recovery at start) while 20 session loops write. On a private cluster, since the shared
 * server serves every other file at the same time.
 */

const POOL_MAX = 8

let server: PrivatePostgres

beforeAll(async () => {
  server = await startPrivatePostgres()
}, 30_000)

afterAll(async () => {
  await server?.destroy()
}, 30_000)

async function query<T>(text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: server.url })
  await client.connect()
  try {
    return (await client.query(text)).rows as T[]
  } finally {
    await client.end()
  }
}

describe('PostgreSQL restarted while sessions run', () => {
  it.each<PgStopMode>(['fast', 'immediate'])(
    'pg_ctl -m %s: classified errors or commits, acknowledged commits kept, new sessions within 1 s, same factory',
    async (mode) => {
      await query('DROP TABLE IF EXISTS acked; CREATE TABLE acked (id integer PRIMARY KEY)')
      const db = createSessionFactory(
        pgAdapter({ connectionString: server.url, max: POOL_MAX, acquireTimeoutMs: 5000 }),
        { acquireTimeoutMs: 5000, commitTimeoutMs: 5000, statementTimeoutMs: 5000 },
      )
      try {
        const run = await runThroughRestart({
          db,
          down: () => server.stop(mode),
          up: () => server.start(),
          connectOnce: () => server.connectOnce(),
        })
        const present = new Set(
          (await query<{ id: number }>('SELECT id FROM acked')).map((r) => r.id),
        )
        expectRestartHeld(`pg restart ${mode}`, run, present, POOL_MAX)
      } finally {
        await db.close({ timeoutMs: 5000 })
      }
    },
    30_000,
  )
})
