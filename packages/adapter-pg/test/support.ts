import { randomBytes } from 'node:crypto'
import pg from 'pg'

export const PG_URL = process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** One PostgreSQL schema per test file, so files can run side by side on one database. */
export async function createTestSchema(prefix: string) {
  const schema = `nakedsql_${prefix}_${randomBytes(4).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE SCHEMA "${schema}"`)
  return {
    schema,
    admin,
    /** Pool options that put every connection's search_path on the schema. */
    options: { connectionString: PG_URL, options: `-c search_path=${schema}` },
    async drop() {
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`)
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
