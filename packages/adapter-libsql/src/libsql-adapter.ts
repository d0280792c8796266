import { type Client, createClient } from '@libsql/client'
import {
  type Capabilities,
  type Driver,
  type DriverConnection,
  type DriverStats,
  PoolTimeoutError,
  sqlite,
} from '@nakedsql/core'
import { LibsqlConnection, type QueryOnlyState } from './libsql-connection.js'
import { localPath } from './local-path.js'
import { openLocal } from './open-local.js'
import { Slots } from './slots.js'

interface LibsqlAdapterUrlOptions {
  /**
   * `file:path.db`, `file:///absolute/path.db` or `:memory:`, opened on the libsql engine; or a
   * remote `libsql://`, `http(s)://`, `ws(s)://` URL, passed to the client untouched.
   */
  readonly url: string
  /** Token of a remote database. */
  readonly authToken?: string
  /** How long a local write waits for another process's lock (SQLite busy timeout). Default 5 000 ms. */
  readonly busyTimeoutMs?: number
  /** Sessions open at once against a remote server. Default 10; a local database has one. */
  readonly max?: number
  /** Prepared statements kept for a local database, least recently used evicted. Default 500. */
  readonly statementCacheSize?: number
}

interface LibsqlAdapterClientOptions {
  /**
   * A client the application already has. It must be created with `intMode: 'bigint'`
   * (checked on first use) so integers past 2^53 survive. `close()` closes it.
   */
  readonly client: Client
  /** Sessions open at once. Default 1 for a local (`file`) client, 10 for a remote one. */
  readonly max?: number
}

/** Options of {@link libsqlAdapter}: a URL, or an existing `@libsql/client` Client. */
export type LibsqlAdapterOptions = LibsqlAdapterUrlOptions | LibsqlAdapterClientOptions

const SQLITE_CAPABILITIES = {
  returning: Object.freeze({ insert: true, update: true, delete: true }),
  savepoints: true,
  // SQLite runs every transaction serializable and has no statement to choose another level.
  isolationLevels: Object.freeze(['serializable'] as const),
  readOnly: true,
  // @libsql/client offers no way to interrupt a statement.
  statementTimeout: false,
} as const

/**
 * The libSQL driver. A local URL (`file:`, `:memory:`) opens the database on the `libsql`
 * engine that `@libsql/client` itself runs local files on, with prepared statements kept and
 * rows read as arrays, as the better-sqlite3 adapter does: one session at a time, other
 * processes waited for by the busy timeout. A remote URL, or a client passed in, runs on
 * `@libsql/client`: sessions are its interactive transactions. Integers come back as bigint
 * (or as numbers where every column of a result reads them alike) and the sqlite dialect's
 * codecs decide the rest.
 *
 * @example
 * import { createSessionFactory } from '@nakedsql/core'
 * import { libsqlAdapter } from '@nakedsql/adapter-libsql'
 *
 * const db = createSessionFactory(libsqlAdapter({ url: 'file:app.db' }))
 */
export function libsqlAdapter(options: LibsqlAdapterOptions): Driver {
  if ('url' in options && options.url !== undefined) {
    const local = localPath(options.url)
    if (local !== undefined) return openLocal(local, options)
  }
  return new LibsqlDriver(options)
}

class LibsqlDriver implements Driver {
  readonly dialect = sqlite
  readonly capabilities: Capabilities
  readonly #client: Client
  readonly #local: boolean
  readonly #slots: Slots
  readonly #queryOnly: QueryOnlyState = { set: false }
  readonly #localConnection: LibsqlConnection | undefined
  #checked: Promise<void> | undefined

  constructor(options: LibsqlAdapterOptions) {
    if ('client' in options && options.client !== undefined) {
      this.#client = options.client
      this.#checked = undefined
    } else {
      // Only remote URLs come here (local ones run on the engine), so the client keeps its own
      // request concurrency; the busy timeout and one connection were for local files.
      const { url, authToken } = options as LibsqlAdapterUrlOptions
      this.#client = createClient({
        url,
        ...(authToken === undefined ? {} : { authToken }),
        intMode: 'bigint',
      })
      this.#checked = Promise.resolve()
    }
    this.#local = this.#client.protocol === 'file'
    this.#slots = new Slots(this.#local ? 1 : (options.max ?? 10))
    // Only a client passed in can be local here (local URLs run on the engine directly). An
    // in-memory one never sees SQLITE_BUSY, having no other connection, so is never reconnected.
    const reconnect = this.#local ? async () => this.#client.reconnect() : undefined
    this.#localConnection = this.#local
      ? new LibsqlConnection(this.#client, this.#queryOnly, reconnect)
      : undefined
    this.capabilities = Object.freeze({
      ...SQLITE_CAPABILITIES,
      concurrentConnections: !this.#local,
      remote: !this.#local,
    })
  }

  async acquire(options: { readonly timeoutMs: number }): Promise<DriverConnection> {
    if (!(await this.#slots.take(options.timeoutMs))) {
      const detail = `${this.#slots.size} session(s) at a time, ${this.#slots.inUse} in use`
      throw new PoolTimeoutError(options.timeoutMs, detail)
    }
    try {
      await this.#checkIntMode()
    } catch (error) {
      this.#slots.give()
      throw error
    }
    return this.#localConnection ?? new LibsqlConnection(this.#client, undefined, undefined)
  }

  async release(connection: DriverConnection): Promise<void> {
    try {
      await (connection as LibsqlConnection).abandon()
    } catch {
      // The transaction is closed either way; a connection that failed to clear its state is
      // replaced by the client. Release never rejects.
    } finally {
      this.#slots.give()
    }
  }

  async close(): Promise<void> {
    this.#client.close()
  }

  /** Sessions, not connections: the client keeps its own connections out of sight. */
  stats(): DriverStats {
    const slots = this.#slots
    return { idle: slots.size - slots.inUse, inUse: slots.inUse, waiting: slots.waiting }
  }

  /** A client in 'number' int mode throws past 2^53 and one in 'string' mode returns text. */
  #checkIntMode(): Promise<void> {
    this.#checked ??= this.#client.execute('SELECT 9007199254740993').then(
      (result) => {
        if (typeof result.rows[0]?.[0] !== 'bigint') throw intModeError()
      },
      (error: unknown) => {
        this.#checked = undefined
        throw error instanceof RangeError ? intModeError() : error
      },
    )
    return this.#checked
  }
}

function intModeError(): Error {
  return new TypeError(
    "libsqlAdapter: the client passed in must be created with createClient({ ..., intMode: 'bigint' }), so integers past 2^53 are read exactly.",
  )
}
