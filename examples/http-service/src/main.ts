import { createSessionFactory } from '@nakedsql/core'
import { adapterFromUrl } from './adapter-from-url.js'
import { buildApp } from './app.js'
import { createTables } from './setup.js'
import { closeOnSignals } from './shutdown.js'

const url = process.env.DATABASE_URL

// One session factory for the whole process; it owns the connection pool.
const db = createSessionFactory(await adapterFromUrl(url))
// Every start creates whatever tables are missing, so a fresh database and a restart on a
// populated one both just work.
await createTables(db)

const app = buildApp(db)
closeOnSignals(app)
const address = await app.listen({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
})
console.log(`reading list listening on ${address}`)
