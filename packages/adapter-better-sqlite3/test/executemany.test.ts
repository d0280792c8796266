import {
  createSessionFactory,
  type Driver,
  type DriverConnection,
  insert,
  param,
  select,
} from '@nakedsql/core'
import { expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'
import { createSchema, users } from './schema.js'

/**
 * The better-sqlite3 driver with insert folding switched on and a parameter limit of 10, so
 * the multi-row path core uses for network drivers runs here against a real database.
 */
function foldingDriver(statements: string[]): Driver {
  const base = betterSqlite3Adapter({ filename: ':memory:' })
  return {
    dialect: base.dialect,
    capabilities: { ...base.capabilities, batchInserts: true, maxParameters: 10 },
    async acquire(options) {
      const connection = await base.acquire(options)
      const recording: DriverConnection = {
        execute: (text, params) => {
          statements.push(text)
          return connection.execute(text, params)
        },
        executeMany: (text, sets) => connection.executeMany(text, sets),
        inTransaction: () => connection.inTransaction!(),
      }
      originals.set(recording, connection)
      return recording
    },
    release: (connection, options) => base.release(originals.get(connection)!, options),
    close: () => base.close(),
  }
}
const originals = new WeakMap<DriverConnection, DriverConnection>()

test('executemany of a single-row insert runs as multi-row inserts, one statement per batch', async () => {
  const statements: string[] = []
  const db = createSessionFactory(foldingDriver(statements))
  await createSchema(db)
  const insertUser = insert(users).values({ email: param('email'), name: param('name') })
  const sets = Array.from({ length: 23 }, (_, i) => ({
    email: `u${String(i).padStart(2, '0')}@x`,
    name: `n${i}`,
  }))
  statements.length = 0
  const returned = await db.begin(async (s) =>
    (await s.scalars(insertUser.returning(users.email), sets)).all(),
  )
  const inserts = statements.filter((s) => s.startsWith('INSERT'))
  // 2 values per row, at most 10 per statement: 5 rows a statement, then 2 and 1.
  expect(inserts.map((s) => s.match(/\?/g)!.length)).toEqual([10, 10, 10, 10, 4, 2])
  expect(returned).toEqual(sets.map((s) => s.email))
  const stored = await db.begin(async (s) =>
    (await s.tuples(select(users.email, users.name).from(users).orderBy(users.email))).all(),
  )
  expect(stored).toEqual(sets.map((s) => [s.email, s.name]))
  await db.close()
})
