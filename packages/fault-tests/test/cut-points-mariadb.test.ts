import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type CutTarget,
  checkEveryCutPoint,
  describeMismatches,
  type SessionKind,
} from '../src/cut-points.js'
import {
  createMysqlDatabase,
  endpoint,
  MYSQL_URL,
  type MysqlTestDatabase,
} from '../src/databases.js'
import { tally } from '../src/tally.js'

let db: MysqlTestDatabase
let target: CutTarget

beforeAll(async () => {
  db = await createMysqlDatabase('cuts')
  await db.admin.query(
    'CREATE TABLE cut_rows (id integer PRIMARY KEY, note varchar(40) NOT NULL) ENGINE=InnoDB',
  )
  target = {
    protocol: 'mysql',
    server: endpoint(MYSQL_URL),
    driver: (port) => mysql2Adapter({ uri: db.uri(port), max: 1 }),
    rowExists: async (id) => {
      const [rows] = await db.admin.query('SELECT 1 FROM cut_rows WHERE id = ?', [id])
      return (rows as unknown[]).length === 1
    },
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

describe('MariaDB: a connection cut before and after every message of a session', () => {
  it.each(kinds)(
    'a %s session has the fixed outcome at every cut point',
    async (kind, firstId) => {
      const { log, results } = await checkEveryCutPoint(target, kind, firstId)
      const unknownCommitted = results.filter((r) => r.expected === 'unknown' && r.rowExists).length
      console.log(
        `[fault-tests] mariadb ${kind}: ${results.length} cut points over ${log.length} messages; ` +
          `outcomes ${JSON.stringify(tally(results.map((r) => r.expected)))}; unknown that committed: ${unknownCommitted}`,
      )
      expect(describeMismatches(results)).toEqual([])
      expect(results.length).toBe(2 * log.length)
    },
    60_000,
  )
})
