import { createAll, type SessionFactory } from '@nakedsql/core'
import { schema } from './schema.js'

/**
 * Creates the service's tables, in one session. Run it once per database, the way a real
 * service runs its migrations before it starts (`pnpm create-tables`).
 */
export async function createTables(db: SessionFactory): Promise<void> {
  await db.begin(async (session) => {
    for (const statement of createAll(schema)) await session.execute(statement)
  })
}
