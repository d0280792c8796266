import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import { createSessionFactory } from '@nakedsql/core'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ACCOUNTS,
  brokenInvariants,
  finalCheckCount,
  INITIAL_BALANCE,
  readState,
} from '../src/bank.js'
import { killLeftovers, runProcessBank } from '../src/bank-processes.js'
import { within } from '../src/databases.js'

/*
 * The bank invariant on one SQLite file written by 4 processes (16 sessions each), one of
 * them killed with SIGKILL every few hundred ms and started again, at the size of
 * 10,000 transfers (about 40 s). NAKEDSQL_BANK_SEED replays a seed's transfers and kill
 * schedule (the interleaving still depends on timing).
 */

const SEED = Number(process.env.NAKEDSQL_BANK_SEED ?? randomInt(2 ** 31))

let dir: string
let file: string

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nakedsql-bank-sqlite-'))
  file = join(dir, 'bank.db')
  const setup = new Database(file)
  setup.pragma('journal_mode = WAL')
  setup.exec(`
    CREATE TABLE bank_accounts (id integer PRIMARY KEY, balance integer NOT NULL);
    CREATE TABLE bank_ledger (id integer PRIMARY KEY, from_id integer NOT NULL,
      to_id integer NOT NULL, amount integer NOT NULL);
  `)
  const add = setup.prepare('INSERT INTO bank_accounts VALUES (?, ?)')
  for (let id = 1; id <= ACCOUNTS; id++) add.run(id, INITIAL_BALANCE)
  setup.close()
})

afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

describe('the bank invariant on SQLite under killed processes', () => {
  it('better-sqlite3, 4 processes on one WAL file, one SIGKILLed every few hundred ms', async () => {
    const reader = createSessionFactory(betterSqlite3Adapter({ filename: file }))
    try {
      const outcome = await within(
        runProcessBank({
          file,
          reader,
          seed: SEED,
          transfers: 10_000,
          processes: 4,
          sessionsPerProcess: 16,
          faultEveryMs: [200, 500],
          // Short, so that BEGIN IMMEDIATE meets SQLITE_BUSY now and then and `retry` runs.
          busyTimeoutMs: 20,
          holdMs: 1,
        }),
        150_000,
        `the SQLite bank, seed ${SEED}`,
      )
      const state = await readState(reader)
      const broken = [...outcome.problems, ...brokenInvariants(outcome, state)]
      // No fault reaches the COMMIT of a process that lives on (a kill ends the process, a
      // busy lock fails BEGIN), so a CommitOutcomeUnknownError would be the library's doubt
      // with no cause.
      if (outcome.figures.unknown > 0) {
        broken.push(`${outcome.figures.unknown} CommitOutcomeUnknownError with no commit fault`)
      }
      const integrity = new Database(file, { readonly: true })
      const check = integrity.pragma('integrity_check', { simple: true })
      integrity.close()
      if (check !== 'ok') broken.push(`integrity_check says ${String(check)}`)
      const figures = {
        ...outcome.figures,
        starts: outcome.starts,
        reissued: outcome.reissued,
        inFlightAtKills: outcome.inFlightAtKills,
        integrity: check,
      }
      figures.invariantChecks += broken.length === 0 ? finalCheckCount(outcome, state) + 1 : 0
      console.log(`[fault-tests] bank sqlite seed ${SEED}: ${JSON.stringify(figures)}`)
      expect(
        broken,
        `bank invariants on sqlite, seed ${SEED} (NAKEDSQL_BANK_SEED=${SEED} replays it)`,
      ).toEqual([])
      expect(figures.committed, `seed ${SEED}`).toBeGreaterThan(0)
      expect(figures.faults, `seed ${SEED}: processes killed`).toBeGreaterThan(0)
      expect(figures.reads, `seed ${SEED}: snapshot reads ran`).toBeGreaterThan(0)
    } finally {
      killLeftovers()
      await reader.close()
    }
  }, 180_000)
})
