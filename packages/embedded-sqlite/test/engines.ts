import { createRequire } from 'node:module'
import Database from 'better-sqlite3'
import type { SqliteDatabase } from '../src/index.js'

const require = createRequire(import.meta.url)
const Libsql = require('libsql') as new (path: string) => SqliteDatabase

/** Both engines the embedded driver runs on, each opening a fresh in-memory database. */
export const engines = [
  { engine: 'better-sqlite3', open: () => new Database(':memory:') as unknown as SqliteDatabase },
  { engine: 'libsql', open: () => new Libsql(':memory:') },
] as const
