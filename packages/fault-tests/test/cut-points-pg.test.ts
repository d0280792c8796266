import { pgAdapter } from '@nakedsql/adapter-pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CutTarget,
  checkEveryCutPoint,
  describeMismatches,
  type SessionKind,
} from '../src/cut-points.js'
import { createPgSchema, endpoint, PG_URL, type PgTestSchema } from '../src/databases.js'
import { tally } from '../src/tally.js'

let db: PgTestSchema
let target: CutTarget

beforeAll(async () => {
  db = await createPgSchema('cuts')
  await db.admin.query('CREATE TABLE cut_rows (id integer PRIMARY KEY, note varchar(40) NOT NULL)')
  target = {
    protocol: 'postgres',
    server: endpoint(PG_URL),
    driver: (port) => pgAdapter({ ...db.options(port), max: 1 }),
    rowExists: async (id) =>
      (await db.admin.query('SELECT 1 FROM cut_rows WHERE id = $1', [id])).rowCount === 1,
  }
})

afterAll(async () => {
  await db.drop()
})

const kinds: [SessionKind, number][] = [
  ['commit', 1_000],
  ['throw', 2_000],
  ['rollback', 3_000],
]

describe('PostgreSQL: a connection cut before and after every message of a session', () => {
  it.each(kinds)(
    'a %s session has the fixed outcome at every cut point',
    async (kind, firstId) => {
      const { log, results } = await checkEveryCutPoint(target, kind, firstId)
      const unknownCommitted = results.filter((r) => r.expected === 'unknown' && r.rowExists).length
      console.log(
        `[fault-tests] pg ${kind}: ${results.length} cut points over ${log.length} messages; ` +
          `outcomes ${JSON.stringify(tally(results.map((r) => r.expected)))}; unknown that committed: ${unknownCommitted}`,
      )
      expect(describeMismatches(results)).toEqual([])
      expect(results.length).toBe(2 * log.length)
    },
    60_000,
  )
})
