import { createAll, type SessionFactory } from '@nakedsql/core'
import { schema } from './schema.js'

/**
 * Creates the tables that do not exist yet. Enough for an example; a real service runs
 * versioned migrations before it starts instead.
 */
export async function createSchema(db: SessionFactory): Promise<void> {
  await db.begin(async (session) => {
    for (const statement of createAll(schema, { ifNotExists: true }))
      await session.execute(statement)
  })
}
