import type { TransactionOptions } from '../dialect/dialect.js'
import type { Driver, DriverConnection } from '../driver/contract.js'
import { InvalidSessionStateError } from '../errors/session-errors.js'
import { Channel } from './channel.js'
import { Executor } from './executor.js'
import { Session, type SessionInit } from './session.js'
import { NO_ERROR } from './state.js'

/** Options of `createSessionFactory`. */
export interface SessionFactoryOptions {
  /**
   * When the `db.begin` callback returns: true commits, false rolls back unless the code
   * called `session.commit()`. Default true.
   */
  readonly autoCommit?: boolean
  /** How long a session waits for a free connection before `PoolTimeoutError`. Default 30 s. */
  readonly acquireTimeoutMs?: number
}

/** Options of one session (one transaction). */
export interface SessionOptions extends TransactionOptions {}

const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000
const NO_OPTIONS: SessionOptions = Object.freeze({})

/**
 * Makes sessions over one driver. Create one per application and share it.
 *
 * @example
 * const db = createSessionFactory(betterSqlite3Adapter({ filename: 'app.db' }))
 * const user = await db.begin(async (s) => (await s.scalars(select(users))).first())
 */
export class SessionFactory {
  readonly driver: Driver
  readonly autoCommit: boolean
  readonly acquireTimeoutMs: number
  readonly #executor: Executor
  readonly #defaultBegin: readonly string[]
  #closed = false

  constructor(driver: Driver, options: SessionFactoryOptions = {}) {
    this.driver = driver
    this.autoCommit = options.autoCommit ?? true
    const timeout = options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS
    if (!(timeout > 0 && Number.isFinite(timeout))) {
      throw new RangeError(
        `acquireTimeoutMs must be a finite number of milliseconds above 0, not ${timeout}: a session must never wait forever for a connection.`,
      )
    }
    this.acquireTimeoutMs = timeout
    this.#executor = new Executor(driver.dialect, driver.capabilities)
    this.#defaultBegin = driver.dialect.beginSql(NO_OPTIONS)
  }

  /**
   * Runs `callback` in a new session. When it returns, the transaction commits (autoCommit)
   * or rolls back unless the callback committed; when it throws, the transaction rolls back
   * and the very same error is rethrown (a failed ROLLBACK hangs on it as `rollbackError`).
   * Returns what the callback returned.
   *
   * @example
   * const id = await db.begin(async (session) => {
   *   const row = await session.scalars(insert(users).values({ email }).returning(users.id))
   *   return row.one()
   * }, { isolationLevel: 'serializable' })
   */
  async begin<T>(
    callback: (session: Session) => Promise<T> | T,
    options: SessionOptions = NO_OPTIONS,
  ): Promise<T> {
    const init = await this.#open(options)
    const session = new Session(init)
    let value: T
    try {
      value = await callback(session)
    } catch (error) {
      await init.end!(error, this.autoCommit)
      throw error
    }
    await init.end!(NO_ERROR, this.autoCommit)
    return value
  }

  /**
   * Opens a session for `await using`: the end of the scope rolls back whatever was not
   * committed. Commit explicitly with `session.commit()`.
   *
   * @example
   * await using session = await db.session({ readOnly: true })
   * const rows = (await session.scalars(select(users))).all()
   */
  async session(options: SessionOptions = NO_OPTIONS): Promise<Session> {
    return new Session(await this.#open(options))
  }

  /**
   * Refuses new sessions and closes the driver's connections.
   *
   * @example
   * process.on('SIGTERM', () => db.close())
   */
  async close(): Promise<void> {
    this.#closed = true
    await this.driver.close()
  }

  async #open(options: SessionOptions): Promise<SessionInit> {
    if (this.#closed) {
      throw new InvalidSessionStateError(
        'closed',
        'open',
        'the session factory was closed: create a new factory to open sessions.',
        { phase: 'acquire' },
      )
    }
    const executor = this.#executor
    executor.checkTransactionOptions(options)
    const driver = this.driver
    let connection: DriverConnection
    try {
      connection = await driver.acquire({ timeoutMs: this.acquireTimeoutMs })
    } catch (error) {
      throw executor.classify(error, 'acquire')
    }
    try {
      if (connection.begin) {
        await connection.begin(options)
      } else {
        const sql = options === NO_OPTIONS ? this.#defaultBegin : driver.dialect.beginSql(options)
        for (const s of sql) await connection.execute(s, [])
      }
    } catch (error) {
      const classified = executor.classify(error, 'begin')
      await release(driver, connection, connection.inTransaction?.() !== false)
      throw classified
    }
    return {
      executor,
      channel: new Channel(connection),
      options,
      release: (c, destroy) => release(driver, c, destroy),
    }
  }
}

/** The session's outcome is decided before this runs, so a failing release changes nothing. */
async function release(
  driver: Driver,
  connection: DriverConnection,
  destroy: boolean,
): Promise<void> {
  try {
    await driver.release(connection, { destroy })
  } catch {
    // The driver has discarded the connection; nothing else can be done with it here.
  }
}

/**
 * Creates the session factory of an application from an adapter's driver.
 *
 * @example
 * const db = createSessionFactory(pgAdapter({ connectionString }), { autoCommit: true })
 */
export function createSessionFactory(
  driver: Driver,
  options?: SessionFactoryOptions,
): SessionFactory {
  return new SessionFactory(driver, options)
}
