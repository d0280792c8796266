/** The four databases every workload runs on. */
export const databases = ['pg', 'mysql', 'better-sqlite3', 'libsql'] as const
export type DatabaseId = (typeof databases)[number]

export const databaseLabels: Record<DatabaseId, string> = {
  pg: 'PostgreSQL (pg)',
  mysql: 'MariaDB (mysql2)',
  'better-sqlite3': 'SQLite (better-sqlite3)',
  libsql: 'SQLite (libSQL file)',
}

/** Row counts and iteration budgets of one run mode. */
export interface Sizes {
  /** Rows seeded into users. */
  readonly users: number
  /** Rows seeded into posts (W8 reads a range of them). */
  readonly posts: number
  readonly w2Rows: number
  readonly w5Rows: number
  readonly w6Rows: number
  readonly w7Sets: number
  readonly w8Pairs: number
  readonly rounds: number
  /** Warm-up before a process first times a workload: the JIT's work, done once. */
  readonly warmupMs: number
  readonly warmupMinOps: number
  /**
   * Warm-up before timing a workload the process has timed in an earlier round: other
   * workloads ran in between (caches, pool, statement cache), the JIT's work is done.
   */
  readonly rewarmMs: number
  /**
   * Timed budget per cell and round. Short, so that many rounds fit: a shared machine's slow
   * spells last seconds, and only many interleaved rounds spread them evenly over contenders.
   */
  readonly timedMs: number
  readonly minBatches: number
  /** A batch runs ops until this long, so garbage collection lands inside the samples. */
  readonly batchMs: number
  /**
   * W3 memory in a fresh process per contender (a process's peak RSS only grows), or in the
   * process that ran the timed cells (quick mode: fewer processes, numbers only indicative).
   */
  readonly memoryInFreshProcess: boolean
  /** Databases run at once (quick mode only: timing runs never overlap). */
  readonly parallelDatabases: number
}

export const fullSizes: Sizes = {
  users: 100_000,
  posts: 10_000,
  w2Rows: 1_000,
  w5Rows: 1_000,
  w6Rows: 10,
  w7Sets: 10_000,
  w8Pairs: 1_000,
  rounds: 12,
  warmupMs: 300,
  warmupMinOps: 2,
  rewarmMs: 50,
  timedMs: 200,
  minBatches: 1,
  batchMs: 10,
  memoryInFreshProcess: true,
  parallelDatabases: 1,
}

export const quickSizes: Sizes = {
  users: 500,
  posts: 100,
  w2Rows: 50,
  w5Rows: 20,
  w6Rows: 10,
  w7Sets: 30,
  w8Pairs: 20,
  rounds: 1,
  warmupMs: 0,
  warmupMinOps: 1,
  rewarmMs: 0,
  timedMs: 0,
  minBatches: 2,
  batchMs: 0,
  memoryInFreshProcess: false,
  parallelDatabases: 2,
}

/** Where the harness keeps its data: its own schema / database / files, never the test ones. */
export interface Target {
  readonly pgUrl: string
  readonly pgSchema: string
  readonly mysqlUrl: string
  readonly mysqlDatabase: string
  readonly sqliteFile: string
  readonly libsqlFile: string
}

export function pgBaseUrl(): string {
  return process.env.NAKEDSQL_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
}

export function mysqlBaseUrl(): string {
  return process.env.NAKEDSQL_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test'
}

/** The same URL pointing at another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}
