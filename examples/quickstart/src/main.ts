import { createSessionFactory } from '@nakedsql/core'
import { adapterFromUrl } from './adapter-from-url.js'
import { runDemo } from './demo.js'

const url = process.env.DATABASE_URL
const db = createSessionFactory(await adapterFromUrl(url))
console.log(`nakedsql quickstart on ${db.driver.dialect.name} (${redacted(url)})`)
try {
  await runDemo(db)
} finally {
  await db.close()
}

/** Where the demo runs, without the password a URL may carry. */
function redacted(url: string | undefined): string {
  if (!url || url === ':memory:') return 'embedded SQLite in memory'
  try {
    const parsed = new URL(url)
    parsed.password = ''
    return parsed.toString()
  } catch {
    return url
  }
}
