import type { DatabaseId } from './config.js'

/** The contenders, in report order: the raw driver first (the floor). */
export const contenderIds = [
  'raw',
  'raw-engine',
  'nakedsql',
  'nakedsql-prepared',
  'nakedsql-sync',
  'drizzle',
  'drizzle-prepared',
  'kysely',
  'knex',
  'typeorm',
] as const
export type ContenderId = (typeof contenderIds)[number]

export const contenderLabels: Record<ContenderId, string> = {
  raw: 'raw driver',
  'raw-engine': 'raw libsql engine',
  nakedsql: 'nakedsql',
  'nakedsql-prepared': 'nakedsql param()',
  'nakedsql-sync': 'nakedsql sync',
  drizzle: 'drizzle',
  'drizzle-prepared': 'drizzle .prepare()',
  kysely: 'kysely',
  knex: 'knex',
  typeorm: 'typeorm',
}

export type Location =
  | { readonly module: string; readonly entry: string }
  | { readonly missing: string }

const missing: Partial<Record<ContenderId, Partial<Record<DatabaseId, string>>>> = {
  knex: { libsql: 'Knex has no libSQL client (its SQLite clients are sqlite3 and better-sqlite3)' },
  typeorm: { libsql: 'TypeORM has no libSQL driver' },
  'raw-engine': {
    pg: 'only libSQL has an engine apart from its client',
    mysql: 'only libSQL has an engine apart from its client',
    'better-sqlite3': 'better-sqlite3 is the engine: the raw driver row',
  },
  'nakedsql-sync': {
    pg: 'synchronous sessions exist only for better-sqlite3',
    mysql: 'synchronous sessions exist only for better-sqlite3',
    libsql: 'synchronous sessions exist only for better-sqlite3',
  },
}

/** Prepared forms live in their library's module under another export. */
const entries: Partial<Record<ContenderId, { dir: string; entry: string }>> = {
  'raw-engine': { dir: 'raw', entry: 'openEngine' },
  'nakedsql-prepared': { dir: 'nakedsql', entry: 'openPrepared' },
  'nakedsql-sync': { dir: 'nakedsql', entry: 'openSync' },
  'drizzle-prepared': { dir: 'drizzle', entry: 'openPrepared' },
}

/** Where a contender's module for a database is, or why it has none. */
export function locate(contender: ContenderId, db: DatabaseId): Location {
  const reason = missing[contender]?.[db]
  if (reason !== undefined) return { missing: reason }
  const { dir, entry } = entries[contender] ?? { dir: contender, entry: 'open' }
  return { module: new URL(`./contenders/${dir}/${db}.ts`, import.meta.url).href, entry }
}
