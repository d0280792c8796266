import type { SessionFactory } from '@nakedsql/core'
import { ACCOUNTS, INITIAL_BALANCE } from '../bank.js'
import type { SoakContext } from './context.js'

/*
 * One adapter under soak: its session factory on an isolated database, the faults it can
 * take and how to tear it all down.
 */

export type TargetName = 'pg' | 'mariadb' | 'better-sqlite3' | 'libsql'
export const TARGETS: readonly TargetName[] = ['pg', 'mariadb', 'better-sqlite3', 'libsql']

export interface Target {
  readonly name: TargetName
  readonly db: SessionFactory
  /** Connections the driver may open: what `db.stats()` must never exceed. */
  readonly poolSize: number
  /** Sessions the workload keeps running at once. */
  readonly concurrency: number
  readonly readIsolation: 'repeatable read' | 'serializable'
  /** The faults it takes, by kind: each fires one and resolves to whether it took effect. */
  faults(ctx: SoakContext): Record<string, () => Promise<boolean>>
  close(): Promise<void>
}

/** Rows the write sessions increment. */
export const KV_KEYS = 32
/** Two rows only the deadlock fault locks, in opposite orders. */
export const DEADLOCK_KEYS = [101, 102] as const
/**
 * A row one increment short of the CHECK: an UPDATE of every row reaches it last (highest
 * key) and fails there, after changing the others, so the statement is aborted partway.
 */
export const SENTINEL_KEY = 1000
export const KV_LIMIT = 1_000_000

export function schema(dialect: 'postgres' | 'mysql' | 'sqlite'): string[] {
  const engine = dialect === 'mysql' ? ' ENGINE=InnoDB' : ''
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `(${i + 1}, ${INITIAL_BALANCE})`)
  const keys = [...Array.from({ length: KV_KEYS }, (_, i) => i + 1), ...DEADLOCK_KEYS]
  const kv = [...keys.map((k) => `(${k}, 0)`), `(${SENTINEL_KEY}, ${KV_LIMIT - 1})`]
  return [
    `CREATE TABLE bank_accounts (id integer PRIMARY KEY, balance integer NOT NULL)${engine}`,
    `CREATE TABLE bank_ledger (id integer PRIMARY KEY, from_id integer NOT NULL, to_id integer NOT NULL, amount integer NOT NULL)${engine}`,
    `CREATE TABLE soak_kv (k integer PRIMARY KEY, v integer NOT NULL, CHECK (v < ${KV_LIMIT}))${engine}`,
    `INSERT INTO bank_accounts VALUES ${accounts.join(', ')}`,
    `INSERT INTO soak_kv VALUES ${kv.join(', ')}`,
  ]
}
