import { createSessionFactory } from '@nakedsql/core'
import { adapterFromUrl } from './adapter-from-url.js'
import { buildApp } from './app.js'
import { createSchema } from './setup.js'
import { closeOnSignals } from './shutdown.js'

// One session factory for the whole process; it owns the connection pool.
const db = createSessionFactory(await adapterFromUrl(process.env.DATABASE_URL))
await createSchema(db)

const app = buildApp(db)
closeOnSignals(app)
const address = await app.listen({
  host: process.env.HOST ?? '127.0.0.1',
  port: Number(process.env.PORT ?? 3000),
})
console.log(`reading list listening on ${address}`)
