import { pgAdapter } from '@nakedsql/adapter-pg'
import {
  createSessionFactory,
  type SessionFactory,
  sql,
  UniqueViolationError,
} from '@nakedsql/core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createPgSchema, endpoint, PG_URL, type PgTestSchema } from '../src/databases.js'
import { FaultProxy } from '../src/proxy.js'

/*
 * The server answers a failed statement with ErrorResponse and then ReadyForQuery, which
 * carries the new transaction status. Usually both arrive in one read; on a busy network they
 * arrive apart. The proxy holds every ReadyForQuery ('Z') after an error back for a moment, so
 * the client reads the two separately, every time.
 */

let pg: PgTestSchema
let proxy: FaultProxy
let db: SessionFactory

beforeAll(async () => {
  pg = await createPgSchema('split_reads')
  await pg.admin.query(
    'CREATE TABLE once (id integer UNIQUE DEFERRABLE INITIALLY DEFERRED, note text)',
  )
})

afterAll(async () => {
  await pg.drop()
})

beforeEach(async () => {
  proxy = await FaultProxy.start({ protocol: 'postgres', ...targetOf(PG_URL) })
  db = createSessionFactory(pgAdapter({ ...pg.options(proxy.port), max: 1 }))
})

afterEach(async () => {
  await db.close()
  await proxy.close()
})

function targetOf(url: string) {
  const { host, port } = endpoint(url)
  return { targetHost: host, targetPort: port }
}

/** From the next server message on, the ReadyForQuery that follows an ErrorResponse comes late. */
function delayReadyAfterError(): void {
  proxy.arm({ direction: 'down', text: /^E/, when: 'after', action: 'delay', ms: 150 })
}

const backendPid = async () => (await db.scalars(sql<[number]>`SELECT pg_backend_pid()`)).one()

describe('PostgreSQL: an error and the ReadyForQuery after it read apart', () => {
  it('a COMMIT the server refuses ends the session without a ROLLBACK, and the pool keeps the connection', async () => {
    const before = await backendPid()
    proxy.mark()
    const refused = await db
      .begin(async (s) => {
        await s.execute(sql`INSERT INTO once VALUES (1, 'first'), (1, 'again')`)
        delayReadyAfterError()
      })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(UniqueViolationError)
    expect(refused).toMatchObject({ phase: 'commit' })
    const sent = proxy.log.filter((m) => m.direction === 'up').map((m) => m.text)
    expect(sent.some((text) => text.includes('COMMIT'))).toBe(true)
    expect(sent.filter((text) => text.includes('ROLLBACK'))).toEqual([])
    expect(db.stats()).toMatchObject({ idle: 1, inUse: 0 })
    expect(await backendPid()).toBe(before)
    expect((await pg.admin.query('SELECT count(*)::int AS n FROM once')).rows[0].n).toBe(0)
  })

  it('the driver reports no transaction the moment a refused COMMIT fails', async () => {
    const driver = pgAdapter({ ...pg.options(proxy.port), max: 1 })
    const connection = await driver.acquire({ timeoutMs: 2000 })
    try {
      await connection.execute('BEGIN', [])
      await connection.execute("INSERT INTO once VALUES (2, 'first'), (2, 'again')", [])
      delayReadyAfterError()
      await expect(connection.commit!()).rejects.toMatchObject({ code: '23505' })
      expect(connection.inTransaction?.()).toBe(false)
    } finally {
      await driver.release(connection, { destroy: false })
      await driver.close()
    }
  })
})
