import { createRequire } from 'node:module'
import Database from 'better-sqlite3'
import type { SqliteDatabase } from '../src/index.js'

const require = createRequire(import.meta.url)
const Libsql = require('libsql') as new (path: string, options?: object) => SqliteDatabase

/**
 * Both engines the embedded driver runs on: `open` gives a fresh in-memory database, `openFile`
 * a connection to a file with a short busy timeout, as a second process would have.
 */
export const engines = [
  {
    engine: 'better-sqlite3',
    open: () => new Database(':memory:') as unknown as SqliteDatabase,
    openFile: (path: string) => new Database(path, { timeout: 100 }) as unknown as SqliteDatabase,
  },
  {
    engine: 'libsql',
    open: () => new Libsql(':memory:'),
    openFile: (path: string) => new Libsql(path, { timeout: 100 }),
  },
] as const
