import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { pgAdapter } from '@nakedsql/adapter-pg'
import {
  CommitOutcomeUnknownError,
  createSessionFactory,
  type Driver,
  insert,
  NakedSqlError,
  QueryTimeoutError,
  type SessionFactory,
  select,
} from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cutRows } from '../src/cut-points.js'
import {
  createMysqlDatabase,
  createPgSchema,
  endpoint,
  eventually,
  MYSQL_URL,
  type MysqlTestDatabase,
  PG_URL,
  type PgTestSchema,
  within,
} from '../src/databases.js'
import { FaultProxy, type Protocol } from '../src/proxy.js'

/*
 * A black-holed socket: the proxy stops forwarding without closing anything, as a dead
 * route or a frozen server does. Only a client-side timeout can end the session; it must
 * fire within its bound, end the session with a classified error and destroy the socket.
 */

let pgDb: PgTestSchema
let myDb: MysqlTestDatabase

beforeAll(async () => {
  pgDb = await createPgSchema('blackhole')
  await pgDb.admin.query(
    'CREATE TABLE cut_rows (id integer PRIMARY KEY, note varchar(40) NOT NULL)',
  )
  myDb = await createMysqlDatabase('blackhole')
  await myDb.admin.query(
    'CREATE TABLE cut_rows (id integer PRIMARY KEY, note varchar(40) NOT NULL)',
  )
})

afterAll(async () => {
  await pgDb.drop()
  await myDb.drop()
})

interface Target {
  readonly name: string
  readonly protocol: Protocol
  readonly url: string
  driver(port: number): Driver
}

const targets = (): Target[] => [
  {
    name: 'PostgreSQL',
    protocol: 'postgres',
    url: PG_URL,
    driver: (port) => pgAdapter({ ...pgDb.options(port), max: 1 }),
  },
  {
    name: 'MariaDB',
    protocol: 'mysql',
    url: MYSQL_URL,
    driver: (port) => mysql2Adapter({ uri: myDb.uri(port), max: 1 }),
  },
]

async function throughProxy(
  target: Target,
  options: {
    commitTimeoutMs?: number
    rollbackTimeoutMs?: number
    statementTimeoutMs?: number
  } = {},
) {
  const proxy = await FaultProxy.start({
    protocol: target.protocol,
    targetHost: endpoint(target.url).host,
    targetPort: endpoint(target.url).port,
  })
  const db = createSessionFactory(target.driver(proxy.port), {
    acquireTimeoutMs: 2000,
    ...options,
  } as Parameters<typeof createSessionFactory>[1])
  await db.begin(async () => undefined)
  proxy.mark()
  return { proxy, db }
}

describe.each(['PostgreSQL', 'MariaDB'])('%s: a black-holed socket', (name) => {
  const target = () => targets().find((t) => t.name === name)!

  it('at COMMIT: the commit timeout fires, the outcome is unknown and the socket is destroyed', async () => {
    const { proxy, db } = await throughProxy(target(), { commitTimeoutMs: 500 })
    try {
      proxy.arm({ direction: 'up', text: /COMMIT/, when: 'after', action: 'blackhole' })
      const started = Date.now()
      const error = await within(
        db
          .begin(async (s) => {
            await s.execute(insert(cutRows).values({ id: 1, note: 'black-holed at commit' }))
          })
          .catch((e: unknown) => e),
        5000,
        'a session black-holed at COMMIT',
      )
      expect(error).toBeInstanceOf(CommitOutcomeUnknownError)
      expect(error).toMatchObject({ phase: 'commit' })
      expect(Date.now() - started).toBeLessThan(3000)
      await eventually(
        () => proxy.closedByClient.length === 1,
        'the client closed the socket',
        2000,
      )
    } finally {
      await proxy.close()
      await db.close()
    }
  })

  it('mid-statement: the client-side statementTimeoutMs fires, the session fails classified and the socket is destroyed', async () => {
    const error = await blackholeMidStatement(target(), 3000, { statementTimeoutMs: 800 })
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(error).toMatchObject({ code: 'CLIENT_TIMEOUT', phase: 'statement' })
  }, 10_000)

  it('a statement run alone (db.execute): the same timeout fires and the socket is destroyed', async () => {
    const error = await blackholeMidStatement(target(), 3000, { statementTimeoutMs: 800 }, (db) =>
      db.scalars(select(cutRows.id).from(cutRows)),
    )
    expect(error).toBeInstanceOf(QueryTimeoutError)
    expect(error).toMatchObject({ code: 'CLIENT_TIMEOUT', phase: 'statement' })
  }, 10_000)
})

it('the client-side statement timeout is finite by default: a factory without options still ends a hung statement', () => {
  const db = createSessionFactory(pgAdapter({ connectionString: PG_URL, max: 1 }))
  // Five minutes is too long for a test to wait through; the default itself is what is checked.
  expect(Number.isFinite(db.statementTimeoutMs)).toBe(true)
  expect(db.statementTimeoutMs).toBeGreaterThan(0)
  return db.close()
})

describe('PostgreSQL: a black-holed socket with pg query_timeout set', () => {
  it('mid-statement: the read timeout fires, the session fails classified and the socket is destroyed', async () => {
    const base = targets()[0]!
    await blackholeMidStatement({
      ...base,
      driver: (port) => pgAdapter({ ...pgDb.options(port), max: 1, query_timeout: 500 }),
    })
  }, 10_000)
})

/**
 * Black-holes the first SELECT of `work` (by default a session reading the table) and checks
 * that it ends within `boundMs` with a classified error and a socket the client closed.
 * Returns the error for the caller's own checks.
 */
async function blackholeMidStatement(
  target: Target,
  boundMs = 4000,
  options: { statementTimeoutMs?: number } = {},
  work: (db: SessionFactory) => Promise<unknown> = (db) =>
    db.begin(async (s) => (await s.scalars(select(cutRows.id).from(cutRows))).all()),
): Promise<unknown> {
  const { proxy, db } = await throughProxy(target, { rollbackTimeoutMs: 500, ...options })
  try {
    proxy.arm({ direction: 'up', text: /SELECT/i, when: 'before', action: 'blackhole' })
    const error = await within(
      work(db).catch((e: unknown) => e),
      boundMs,
      'a statement black-holed mid-flight',
    )
    expect(error).toBeInstanceOf(NakedSqlError)
    await eventually(() => proxy.closedByClient.length === 1, 'the client closed the socket', 2000)
    return error
  } finally {
    await proxy.close()
    await db.close()
  }
}
