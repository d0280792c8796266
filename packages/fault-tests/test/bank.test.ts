import { randomInt } from 'node:crypto'
import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { pgAdapter } from '@nakedsql/adapter-pg'
import { createSessionFactory, type SessionFactory } from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ACCOUNTS,
  type BankOptions,
  brokenInvariants,
  finalCheckCount,
  INITIAL_BALANCE,
  readState,
  runBank,
} from '../src/bank.js'
import {
  createMysqlDatabase,
  createPgSchema,
  killMysqlConnection,
  killPgBackend,
  type MysqlTestDatabase,
  type PgTestSchema,
} from '../src/databases.js'

/*
 * The bank invariant under server kills of random pool connections, at the size the issue
 * names: 10,000 transfers, 64 concurrent sessions on a pool of 16. NAKEDSQL_BANK_SEED
 * replays a seed's transfers and fault schedule (the interleaving still depends on timing).
 */

const SEED = Number(process.env.NAKEDSQL_BANK_SEED ?? randomInt(2 ** 31))
const POOL = 16
const SIZE = { transfers: 10_000, concurrency: 64, faultEveryMs: [100, 300] as const }

let pg: PgTestSchema
let my: MysqlTestDatabase

const accountRows = Array.from(
  { length: ACCOUNTS },
  (_, i) => `(${i + 1}, ${INITIAL_BALANCE})`,
).join(', ')

beforeAll(async () => {
  pg = await createPgSchema('bank')
  await pg.admin.query(`
    CREATE TABLE bank_accounts (id integer PRIMARY KEY, balance integer NOT NULL);
    CREATE TABLE bank_ledger (id integer PRIMARY KEY, from_id integer NOT NULL,
      to_id integer NOT NULL, amount integer NOT NULL);
    INSERT INTO bank_accounts VALUES ${accountRows};
  `)
  my = await createMysqlDatabase('bank')
  await my.admin.query(
    'CREATE TABLE bank_accounts (id integer PRIMARY KEY, balance integer NOT NULL) ENGINE=InnoDB',
  )
  await my.admin.query(
    'CREATE TABLE bank_ledger (id integer PRIMARY KEY, from_id integer NOT NULL, to_id integer NOT NULL, amount integer NOT NULL) ENGINE=InnoDB',
  )
  await my.admin.query(`INSERT INTO bank_accounts VALUES ${accountRows}`)
})

afterAll(async () => {
  await pg.drop()
  await my.drop()
})

async function check(name: string, db: SessionFactory, options: BankOptions) {
  const outcome = await runBank(options)
  const state = await readState(db)
  const broken = brokenInvariants(outcome, state)
  const figures = { ...outcome.figures }
  figures.invariantChecks += broken.length === 0 ? finalCheckCount(outcome, state) : 0
  console.log(`[fault-tests] bank ${name} seed ${SEED}: ${JSON.stringify(figures)}`)
  expect(
    broken,
    `bank invariants on ${name}, seed ${SEED} (NAKEDSQL_BANK_SEED=${SEED} replays it)`,
  ).toEqual([])
  expect(figures.committed, `seed ${SEED}`).toBeGreaterThan(0)
  expect(figures.faults, `seed ${SEED}: faults fired`).toBeGreaterThan(0)
  expect(figures.reads, `seed ${SEED}: snapshot reads ran`).toBeGreaterThan(0)
}

describe('the bank invariant under server kills', () => {
  it('PostgreSQL (pg_terminate_backend of random pool connections)', async () => {
    const app = `nakedsql_bank_${pg.schema}`
    const db = createSessionFactory(
      pgAdapter({
        ...pg.options(),
        // 64 sessions locking 8 accounts in random order deadlock thousands of times: they are
        // found in 10 ms instead of the default second.
        options: `-c search_path=${pg.schema} -c deadlock_timeout=10`,
        application_name: app,
        max: POOL,
      }),
    )
    try {
      await check('pg', db, {
        db,
        seed: SEED,
        ...SIZE,
        readIsolation: 'repeatable read',
        fault: (random) => killPgBackend(pg.admin, app, random),
      })
    } finally {
      await db.close()
    }
  }, 180_000)

  it('MariaDB (KILL CONNECTION of random pool connections)', async () => {
    const db = createSessionFactory(mysql2Adapter({ uri: my.uri(), max: POOL }))
    try {
      await check('mariadb', db, {
        db,
        seed: SEED,
        ...SIZE,
        readIsolation: 'repeatable read',
        fault: (random) => killMysqlConnection(my, random),
      })
    } finally {
      await db.close()
    }
  }, 180_000)
})
