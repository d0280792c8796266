import { randomBytes } from 'node:crypto'
import type { Capabilities } from '@nakedsql/core'
import mysql2 from 'mysql2/promise'

export const MYSQL_URL = process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'

/** What the contract suite expects here: MariaDB 10.11 runs RETURNING on INSERT and DELETE only. */
export const MARIADB_CAPABILITIES = {
  returning: { insert: true, update: false, delete: true },
  savepoints: true,
  isolationLevels: ['read uncommitted', 'read committed', 'repeatable read', 'serializable'],
  readOnly: true,
  concurrentConnections: true,
  statementTimeout: true,
} satisfies Capabilities

/** One database per test file, so files can run side by side on one server. */
export async function createTestDatabase(prefix: string) {
  const database = `nakedsql_${prefix}_${randomBytes(4).toString('hex')}`
  const admin = await mysql2.createConnection({ uri: MYSQL_URL })
  await admin.query(`CREATE DATABASE \`${database}\``)
  const url = new URL(MYSQL_URL)
  url.pathname = `/${database}`
  return {
    database,
    admin,
    uri: url.toString(),
    async drop() {
      await admin.query(`DROP DATABASE \`${database}\``)
      await admin.end()
    },
  }
}

/** Polls until `check` holds; the tests wait on observable state, never on a fixed delay. */
export async function eventually(check: () => boolean | Promise<boolean>, what: string) {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await check()) return
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error(`never happened: ${what}`)
}
