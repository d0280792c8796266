import {
  type Capabilities,
  Deadlines,
  type Driver,
  type DriverConnection,
  type DriverStats,
  PoolTimeoutError,
  postgres,
} from '@nakedsql/core'
import type { PoolConfig } from 'pg'
import pg from 'pg'
import { PgConnection } from './pg-connection.js'
import type { PgClient, PgPool } from './pg-types.js'
import { QueryConfigs } from './query-configs.js'

interface PgAdapterCommonOptions {
  /**
   * Use named (server-side prepared) statements, one per distinct SQL text and connection,
   * so a repeated statement is parsed and planned once. Off by default: the server keeps
   * every prepared statement until the connection closes, and PgBouncer in transaction
   * mode cannot route them.
   */
  readonly namedStatements?: boolean
}

interface PgAdapterPoolOptions
  extends PgAdapterCommonOptions,
    Omit<PoolConfig, 'max' | 'idleTimeoutMillis' | 'connectionTimeoutMillis' | 'types'> {
  readonly connectionString?: string
  /** Most connections open at once. Default 10. */
  readonly max?: number
  /** Close a connection idle for this long. Default 10 000 ms. */
  readonly idleTimeoutMs?: number
  /**
   * Longest wait for a pooled connection, and for a new one to connect (set as pg.Client's
   * connectionTimeoutMillis); a session factory's own acquire timeout applies too, whichever
   * is shorter. Default 30 000 ms.
   */
  readonly acquireTimeoutMs?: number
  /** Server-side statement_timeout for every statement on the pool's connections. */
  readonly statementTimeoutMs?: number
}

interface PgAdapterExistingPoolOptions extends PgAdapterCommonOptions {
  /** A pool the application already has. `close()` ends it. */
  readonly pool: PgPool | pg.Pool
}

/** Options of {@link pgAdapter}: a connection string or pool config, or an existing pg.Pool. */
export type PgAdapterOptions = PgAdapterPoolOptions | PgAdapterExistingPoolOptions

const CAPABILITIES: Capabilities = Object.freeze({
  returning: Object.freeze({ insert: true, update: true, delete: true }),
  savepoints: true,
  isolationLevels: Object.freeze([
    'read uncommitted',
    'read committed',
    'repeatable read',
    'serializable',
  ] as const),
  readOnly: true,
  concurrentConnections: true,
  statementTimeout: true,
})

/**
 * The PostgreSQL driver on node-postgres' pool: array rows, no client-side type parsing (the
 * postgres dialect's codecs decide every value), a pool whose dead connections never crash the
 * process and whose connections go back only when the server reports them idle.
 *
 * @example
 * import { createSessionFactory } from '@nakedsql/core'
 * import { pgAdapter } from '@nakedsql/adapter-pg'
 *
 * const db = createSessionFactory(pgAdapter({ connectionString: process.env.DATABASE_URL, max: 20 }))
 */
export function pgAdapter(options: PgAdapterOptions): Driver {
  return new PgDriver(options)
}

class PgDriver implements Driver {
  readonly dialect = postgres
  readonly capabilities = CAPABILITIES
  readonly #pool: PgPool
  readonly #maxSize: number
  /** The adapter's own bound on a wait for a connection; undefined for a pool passed in. */
  readonly #acquireTimeoutMs: number | undefined
  readonly #configs: QueryConfigs
  readonly #connections = new WeakMap<PgClient, PgConnection>()
  readonly #deadlines = new Deadlines()

  constructor(options: PgAdapterOptions) {
    this.#configs = new QueryConfigs(options.namedStatements ?? false)
    if ('pool' in options && options.pool !== undefined) {
      this.#pool = options.pool as PgPool
      this.#maxSize = this.#pool.options?.max ?? 10
      this.#acquireTimeoutMs = undefined
    } else {
      const {
        namedStatements: _named,
        max = 10,
        idleTimeoutMs = 10_000,
        acquireTimeoutMs = 30_000,
        statementTimeoutMs,
        ...config
      } = options as PgAdapterPoolOptions
      this.#maxSize = max
      this.#acquireTimeoutMs = acquireTimeoutMs
      // Not the pool's connectionTimeoutMillis: pg-pool would arm and clear a timer on every
      // checkout of an idle client. A wait in the queue is bounded in #connect instead, and a
      // new connection's connect by the client's own timeout.
      this.#pool = new pg.Pool({
        ...config,
        max,
        idleTimeoutMillis: idleTimeoutMs,
        Client: clientWithConnectTimeout(acquireTimeoutMs),
        ...(statementTimeoutMs === undefined ? {} : { statement_timeout: statementTimeoutMs }),
      }) as unknown as PgPool
    }
    // pg-pool re-emits an idle client's socket error on the pool; unheard, it kills the process.
    // The client is already removed from the pool by then, so there is nothing else to do.
    this.#pool.on('error', () => {})
  }

  async acquire(options: { readonly timeoutMs: number }): Promise<DriverConnection> {
    const client = await this.#connect(options.timeoutMs)
    let connection = this.#connections.get(client)
    if (connection === undefined) {
      const created = new PgConnection(client, this.#configs)
      // pg-pool listens on a client only while it is idle; a socket error while checked out
      // would otherwise be an unhandled 'error' event. This listener stays for the client's life.
      client.on('error', (error) => {
        created.unusable ??= error
      })
      this.#connections.set(client, created)
      connection = created
    }
    connection.unusable = undefined
    connection.forgetCheckout()
    return connection
  }

  async release(connection: DriverConnection, options: { readonly destroy: boolean }) {
    const pgConnection = connection as PgConnection
    pgConnection.forgetCheckout()
    // Pooled only when the server's last ReadyForQuery said 'I' (idle, outside a transaction).
    const idle = pgConnection.client.getTransactionStatus() === 'I'
    const discard = options.destroy || pgConnection.unusable !== undefined || !idle
    pgConnection.client.release(discard ? true : undefined)
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  stats(): DriverStats {
    const pool = this.#pool
    return {
      idle: pool.idleCount,
      inUse: pool.totalCount - pool.idleCount,
      waiting: pool.waitingCount,
    }
  }

  #connect(callerMs: number): Promise<PgClient> {
    const pool = this.#pool
    // An idle client with nobody queued before us is handed over on the next tick: no wait
    // to bound, and no timer to arm.
    if (pool.idleCount > 0 && pool.waitingCount === 0) return pool.connect()
    const limit = this.#acquireTimeoutMs
    const timeoutMs = limit !== undefined && limit < callerMs ? limit : callerMs
    const pending = pool.connect()
    return this.#deadlines
      .race(pending, timeoutMs, () => {
        // The pool may still hand a client over later: give it straight back.
        pending.then(
          (client) => client.release(),
          () => {},
        )
        return this.#timeoutError(timeoutMs)
      })
      .catch((error: unknown) => {
        throw isPoolTimeout(error) ? this.#timeoutError(timeoutMs, error) : error
      })
  }

  #timeoutError(waitedMs: number, cause?: unknown): PoolTimeoutError {
    const inUse = this.#pool.totalCount - this.#pool.idleCount
    const detail = `pool size ${this.#maxSize}, ${inUse} in use, ${this.#pool.waitingCount} waiting`
    return new PoolTimeoutError(waitedMs, detail, { cause })
  }
}

/** pg.Client that gives up connecting after `ms` (its connectionTimeoutMillis). */
function clientWithConnectTimeout(ms: number): typeof pg.Client {
  return class extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: ms })
    }
  }
}

/** pg-pool's own connectionTimeoutMillis error, for both a full pool and a slow connect. */
function isPoolTimeout(error: unknown): boolean {
  return (
    error instanceof Error && error.message.startsWith('timeout exceeded when trying to connect')
  )
}
