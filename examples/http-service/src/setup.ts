import { createAll, type SessionFactory } from '@nakedsql/core'
import { schema } from './schema.js'

/**
 * Creates the service's tables and indexes that do not exist yet, in one session. main.ts
 * runs it at every start: `ifNotExists` makes each statement a no-op when its table, index
 * or view is already there, so restarting on a database the service made keeps its rows.
 * It creates only what is missing; changing an existing table is a migration's job.
 */
export async function createTables(db: SessionFactory): Promise<void> {
  await db.begin(async (session) => {
    for (const statement of createAll(schema, { ifNotExists: true })) {
      await session.execute(statement)
    }
  })
}
