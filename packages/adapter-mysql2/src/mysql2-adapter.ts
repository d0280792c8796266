import {
  type Capabilities,
  Deadlines,
  type Driver,
  type DriverConnection,
  type DriverStats,
  mysql,
  PoolTimeoutError,
} from '@nakedsql/core'
import type { Pool, PoolConnection, PoolOptions, TypeCast } from 'mysql2/promise'
import mysql2 from 'mysql2/promise'
import { MysqlConnection, type QueryValueOptions } from './mysql-connection.js'
import {
  liveCapabilities,
  parseServerInfo,
  SERVER_INFO_SQL,
  type ServerInfo,
} from './server-info.js'

interface Mysql2AdapterPoolOptions
  extends Omit<
    PoolOptions,
    | 'connectionLimit'
    | 'idleTimeout'
    | 'rowsAsArray'
    | 'dateStrings'
    | 'supportBigNumbers'
    | 'bigNumberStrings'
    | 'timezone'
    | 'typeCast'
    | 'jsonStrings'
    | 'decimalNumbers'
    | 'multipleStatements'
  > {
  /** A connection URI, `mysql://user:password@host:3306/database`. */
  readonly uri?: string
  /** Most connections open at once. Default 10. */
  readonly max?: number
  /** Close a connection idle for this long. Default 10 000 ms. */
  readonly idleTimeoutMs?: number
  /** Longest wait for a new connection's handshake (mysql2's connectTimeout). Default 10 000 ms. */
  readonly connectTimeoutMs?: number
  /**
   * Prepared statements kept per connection (least recently used closed first). Keep
   * connections x this below the server's max_prepared_stmt_count (16 382 by default).
   * Default 256.
   */
  readonly maxPreparedStatements?: number
}

interface Mysql2AdapterExistingPoolOptions {
  /** A mysql2/promise pool the application already has. `close()` ends it. */
  readonly pool: Pool
}

/** Options of {@link mysql2Adapter}: a URI or pool options, or an existing mysql2/promise pool. */
export type Mysql2AdapterOptions = Mysql2AdapterPoolOptions | Mysql2AdapterExistingPoolOptions

/** The slice of the callback pool's config the adapter reads from a pool it did not create. */
interface CorePoolConfig {
  readonly connectionLimit?: number
  readonly connectionConfig?: { readonly jsonStrings?: boolean; readonly decimalNumbers?: boolean }
}

/**
 * For a pool created elsewhere: JSON text and decimals as strings even when the pool was set up
 * to parse them (those two options cannot be overridden per query).
 */
const rawJsonAndDecimals: TypeCast = (field, next) => {
  if (field.type === 'JSON' || (field as { extendedFormat?: string }).extendedFormat === 'json') {
    return field.string('utf8')
  }
  if (field.type === 'NEWDECIMAL' || field.type === 'DECIMAL') return field.string('ascii')
  return next()
}

/**
 * The MySQL/MariaDB driver on mysql2's promise pool: array rows, dates/big numbers/JSON as the
 * server's text (the mysql dialect's codecs decide every value), session time zone pinned to
 * UTC, RETURNING declared from the server's version, executemany as multi-row INSERTs.
 *
 * @example
 * import { createSessionFactory } from '@nakedsql/core'
 * import { mysql2Adapter } from '@nakedsql/adapter-mysql2'
 *
 * const db = createSessionFactory(mysql2Adapter({ uri: process.env.DATABASE_URL, max: 20 }))
 */
export function mysql2Adapter(options: Mysql2AdapterOptions): Driver {
  return new Mysql2Driver(options)
}

class Mysql2Driver implements Driver {
  readonly dialect = mysql
  readonly #pool: Pool
  readonly #maxSize: number
  /** Undefined for the adapter's own pool, whose config already carries them. */
  readonly #valueOptions: QueryValueOptions | undefined
  readonly #connections = new WeakMap<object, MysqlConnection>()
  #server: Promise<ServerInfo> | undefined
  #serverInfo: ServerInfo | undefined
  /** RETURNING support is filled in once the first connection has reported the server's version. */
  readonly capabilities: Capabilities = liveCapabilities(() => this.#serverInfo)
  #inUse = 0
  #waiting = 0
  /** The deadlines of pending acquires, on one timer instead of one per acquire. */
  readonly #deadlines = new Deadlines()

  constructor(options: Mysql2AdapterOptions) {
    const base = {
      rowsAsArray: true,
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
    } as const
    if ('pool' in options && options.pool !== undefined) {
      this.#pool = options.pool
      const config = (options.pool as unknown as { pool?: { config?: CorePoolConfig } }).pool
        ?.config
      this.#maxSize = config?.connectionLimit ?? 10
      const parses =
        config?.connectionConfig?.jsonStrings !== true ||
        config.connectionConfig.decimalNumbers === true
      this.#valueOptions = parses ? { ...base, typeCast: rawJsonAndDecimals } : base
    } else {
      const {
        max = 10,
        idleTimeoutMs = 10_000,
        connectTimeoutMs = 10_000,
        maxPreparedStatements = 256,
        ...config
      } = options as Mysql2AdapterPoolOptions
      this.#maxSize = max
      this.#valueOptions = undefined
      this.#pool = mysql2.createPool({
        ...config,
        ...base,
        jsonStrings: true,
        decimalNumbers: false,
        multipleStatements: false,
        connectionLimit: max,
        maxIdle: max,
        idleTimeout: idleTimeoutMs,
        connectTimeout: connectTimeoutMs,
        maxPreparedStatements,
        waitForConnections: true,
        queueLimit: 0,
      })
    }
  }

  async acquire(options: { readonly timeoutMs: number }): Promise<DriverConnection> {
    const pooled = await this.#connect(options.timeoutMs)
    this.#inUse++
    try {
      const server = this.#serverInfo ?? (await this.#detect(pooled))
      // `connection` is the underlying callback connection, the same object on every checkout.
      const core = pooled.connection as unknown as {
        on(event: 'error', listener: (error: Error) => void): unknown
      }
      let connection = this.#connections.get(core)
      if (connection === undefined) {
        const created = new MysqlConnection(this.#valueOptions, server)
        // The pool listens for a connection's first error only; this one stays for its life,
        // so a server killing the connection a second time cannot crash the process either.
        core.on('error', (error) => {
          created.unusable ??= error
        })
        created.attach(pooled)
        // TIMESTAMP columns convert between the session zone and UTC: pin it to UTC.
        await pooled.query("SET time_zone = '+00:00'")
        this.#connections.set(core, created)
        connection = created
      }
      connection.attach(pooled)
      return connection
    } catch (error) {
      this.#inUse--
      pooled.destroy()
      throw error
    }
  }

  async release(connection: DriverConnection, options: { readonly destroy: boolean }) {
    const mysqlConnection = connection as MysqlConnection
    this.#inUse--
    const discard =
      options.destroy || mysqlConnection.unusable !== undefined || mysqlConnection.inTransaction()
    if (discard) {
      const pooled = mysqlConnection.pooled
      pooled.destroy()
      // mysql2's destroy() only half-closes the socket, which a server that stopped answering
      // (or a black hole) would keep open with the call still waiting on it.
      ;(pooled.connection as unknown as { stream?: { destroy?(): void } }).stream?.destroy?.()
    } else mysqlConnection.pooled.release()
  }

  async close(): Promise<void> {
    await this.#pool.end()
  }

  stats(): DriverStats {
    return { idle: this.#free() ?? 0, inUse: this.#inUse, waiting: this.#waiting }
  }

  /** Idle pooled connections; mysql2 keeps its free list on the callback pool, undocumented. */
  #free(): number | undefined {
    return (this.#pool as unknown as { pool?: { _freeConnections?: { length: number } } }).pool
      ?._freeConnections?.length
  }

  #detect(pooled: PoolConnection): Promise<ServerInfo> {
    this.#server ??= pooled.query({ sql: SERVER_INFO_SQL, rowsAsArray: true }).then(
      ([rows]) => {
        const [version, maxAllowedPacket] = (rows as unknown[][])[0]!
        this.#serverInfo = parseServerInfo(String(version), maxAllowedPacket)
        return this.#serverInfo
      },
      (error: unknown) => {
        this.#server = undefined
        throw error
      },
    )
    return this.#server
  }

  #connect(timeoutMs: number): Promise<PoolConnection> {
    // mysql2 takes a free connection off its list within the call: no wait to bound.
    if ((this.#free() ?? 0) > 0) return this.#pool.getConnection()
    const pending = this.#pool.getConnection()
    this.#waiting++
    const connected = this.#deadlines.race(pending, timeoutMs, () => {
      // The pool still owes this caller a connection: give it back when it arrives.
      pending.then(
        (pooled) => pooled.release(),
        () => {},
      )
      return new PoolTimeoutError(timeoutMs, `pool size ${this.#maxSize}, ${this.#inUse} in use`)
    })
    return connected.finally(() => {
      this.#waiting--
    })
  }
}
