import { createSessionFactory } from '@nakedsql/core'
import { adapterFromUrl } from './adapter-from-url.js'
import { createTables } from './setup.js'

// `pnpm create-tables`: creates the tables in the database DATABASE_URL names.
const db = createSessionFactory(await adapterFromUrl(process.env.DATABASE_URL))
try {
  await createTables(db)
  console.log('created the tables users, books and loans')
} finally {
  await db.close()
}
