import type { TransactionOptions } from '../dialect/dialect.js'
import type { Driver, DriverConnection, ExecuteOptions, QueryResult } from '../driver/contract.js'
import { NakedSqlError } from '../errors/base.js'
import { CloseTimeoutError, InvalidSessionStateError } from '../errors/session-errors.js'
import { withMapping } from '../result/driver-mapping.js'
import type { Result, ScalarResult, TupleResult } from '../result/result.js'
import type { Parameters } from './bind.js'
import { Channel } from './channel.js'
import { boundAnswer, checkTimeout, connectionGone } from './deadline.js'
import { type Executable, Executor, isParameterSets, type Plan, type View } from './executor.js'
import { type LeakInfo, leakStack, startLeakTimer } from './leak.js'
import {
  attachAttempts,
  backoffMs,
  mayRetry,
  type RetryOptions,
  type RetryPolicy,
  retryPolicy,
  sleep,
} from './retry.js'
import { Session, type SessionInit, type SessionLimits, type StatementOptions } from './session.js'
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
  /**
   * How long COMMIT may wait for the server's answer. Past it the connection is destroyed and
   * the session fails with `CommitOutcomeUnknownError` (code `COMMIT_TIMEOUT`). Embedded
   * engines (`capabilities.remote` false) commit in the calling thread and are not bounded.
   * Default 60 s.
   */
  readonly commitTimeoutMs?: number
  /**
   * How long ROLLBACK may wait for the server's answer. Past it the connection is destroyed
   * (the server rolls back a transaction whose connection closed) and the rollback fails
   * with `ConnectionLostError` (code `ROLLBACK_TIMEOUT`). Embedded engines are not bounded.
   * Default 30 s.
   */
  readonly rollbackTimeoutMs?: number
  /**
   * How long any statement (and BEGIN) may wait for the server's answer, client side. Past it
   * the statement fails with `QueryTimeoutError` (code `CLIENT_TIMEOUT`) and its connection
   * is destroyed, so a dead route or a hung server never hangs a session. A longer
   * server-side `timeoutMs` stretches it. Embedded engines (`capabilities.remote` false) are
   * not bounded. Default 5 minutes.
   */
  readonly statementTimeoutMs?: number
  /**
   * Warn about a session held open longer than this, with the stack of the code that opened
   * it. Off by default; the stack is captured only when this is set.
   */
  readonly leakWarningMs?: number
  /**
   * Receives the leak warnings instead of `process.emitWarning` (type `NakedSqlSessionLeak`).
   */
  readonly onLeak?: (leak: LeakInfo) => void
}

/** Options of one session (one transaction). */
export interface SessionOptions extends TransactionOptions {
  /**
   * Server-side timeout of every statement of the session, in milliseconds (PostgreSQL
   * statement_timeout, MariaDB max_statement_time). A statement past it fails with
   * `QueryTimeoutError` and the connection stays usable. A driver without statement
   * timeouts (`capabilities.statementTimeout` false) refuses the option.
   */
  readonly timeoutMs?: number
}

/** Options of `db.begin`: those of a session, plus automatic retry. */
export interface BeginOptions extends SessionOptions {
  /**
   * Runs the whole callback again, in a fresh transaction, when the session fails with a
   * retryable error: a serialization failure or deadlock (SQLSTATE 40001 / 40P01, MariaDB
   * 1213 / 1020), SQLITE_BUSY at BEGIN, or a connection lost before COMMIT was sent. Never
   * after `CommitOutcomeUnknownError`. `true` means `{ attempts: 5, baseDelayMs: 20,
   * maxDelayMs: 1000 }`; the wait between runs is random, up to a bound that doubles each
   * time. The error finally thrown carries every run's error as `attempts`.
   *
   * The callback must have no effect outside the database (no e-mail sent, no counter
   * bumped in memory): it may run several times.
   */
  readonly retry?: boolean | RetryOptions
}

/** Options of `SessionFactory.close`. */
export interface CloseOptions {
  /**
   * How long running sessions may take to finish; those still running then are rolled back.
   * The driver's close is given as long again. Default 30 s.
   */
  readonly timeoutMs?: number
}

/** What `SessionFactory.stats()` reports. */
export interface SessionFactoryStats {
  /** Pooled connections nobody uses (0 when the driver does not tell). */
  readonly idle: number
  /** Connections checked out. */
  readonly inUse: number
  /** Sessions waiting for a connection. */
  readonly waiting: number
  /** Sessions of this factory that are open (from BEGIN until their connection is back). */
  readonly sessions: number
}

const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000
const DEFAULT_COMMIT_TIMEOUT_MS = 60_000
const DEFAULT_ROLLBACK_TIMEOUT_MS = 30_000
const DEFAULT_STATEMENT_TIMEOUT_MS = 300_000
const DEFAULT_CLOSE_TIMEOUT_MS = 30_000
const NO_OPTIONS: BeginOptions = Object.freeze({})
const NO_VALUES: readonly unknown[] = Object.freeze([])

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
  /** The client-side limit of a statement's answer (see `SessionFactoryOptions`). */
  readonly statementTimeoutMs: number
  readonly #executor: Executor
  readonly #defaultBegin: readonly string[]
  readonly #limits: SessionLimits
  /** The client-side limit of a round trip; undefined for an embedded engine. */
  readonly #statementTimeoutMs: number | undefined
  readonly #leakWarningMs: number | undefined
  readonly #onLeak: ((leak: LeakInfo) => void) | undefined
  /** Sessions between BEGIN and the release of their connection. */
  readonly #live = new Set<SessionInit>()
  /** Statements run on their own (`db.execute`) that hold or wait for a connection. */
  #statements = 0
  #acquiring = 0
  #drained: (() => void)[] = []
  #closing: Promise<void> | undefined

  constructor(driver: Driver, options: SessionFactoryOptions = {}) {
    this.driver = driver
    this.autoCommit = options.autoCommit ?? true
    this.acquireTimeoutMs = checkTimeout(
      'acquireTimeoutMs',
      options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS,
      'a session must never wait forever for a connection.',
    )
    const commitTimeoutMs = checkTimeout(
      'commitTimeoutMs',
      options.commitTimeoutMs ?? DEFAULT_COMMIT_TIMEOUT_MS,
      'a COMMIT must never wait forever for its answer.',
    )
    const rollbackTimeoutMs = checkTimeout(
      'rollbackTimeoutMs',
      options.rollbackTimeoutMs ?? DEFAULT_ROLLBACK_TIMEOUT_MS,
      'a ROLLBACK must never wait forever for its answer.',
    )
    const embedded = driver.capabilities.remote === false
    this.#limits = Object.freeze({
      commitTimeoutMs: embedded ? undefined : commitTimeoutMs,
      rollbackTimeoutMs: embedded ? undefined : rollbackTimeoutMs,
    })
    this.statementTimeoutMs = checkTimeout(
      'statementTimeoutMs',
      options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      'a statement must never wait forever for its answer.',
    )
    this.#statementTimeoutMs = embedded ? undefined : this.statementTimeoutMs
    this.#leakWarningMs =
      options.leakWarningMs === undefined
        ? undefined
        : checkTimeout(
            'leakWarningMs',
            options.leakWarningMs,
            'it is how long a session may be held.',
          )
    this.#onLeak = options.onLeak
    this.#executor = new Executor(driver.dialect, driver.capabilities)
    this.#defaultBegin = driver.dialect.beginSql(NO_OPTIONS)
  }

  /**
   * Runs `callback` in a new session. When it returns, the transaction commits (autoCommit)
   * or rolls back unless the callback committed; when it throws, the transaction rolls back
   * and the very same error is rethrown (a failed ROLLBACK hangs on it as `rollbackError`).
   * Returns what the callback returned. With `retry`, a session that failed with a
   * retryable error runs again from the start (see {@link BeginOptions.retry}): the callback
   * must then have no side effects outside the database.
   *
   * @example
   * const id = await db.begin(async (session) => {
   *   const row = await session.scalars(insert(users).values({ email }).returning(users.id))
   *   return row.one()
   * }, { isolationLevel: 'serializable', retry: true })
   */
  begin<T>(
    callback: (session: Session) => Promise<T> | T,
    options: BeginOptions = NO_OPTIONS,
  ): Promise<T> {
    const origin = this.#leakWarningMs === undefined ? undefined : leakStack()
    if (options.retry === undefined || options.retry === false) {
      return this.#beginOnce(callback, options, origin)
    }
    let policy: RetryPolicy
    try {
      policy = retryPolicy(options.retry)!
    } catch (error) {
      return Promise.reject(error)
    }
    return this.#beginWithRetry(callback, options, origin, policy)
  }

  async #beginOnce<T>(
    callback: (session: Session) => Promise<T> | T,
    options: SessionOptions,
    origin: string | undefined,
  ): Promise<T> {
    // Awaited even when opened synchronously: the callback never runs inside begin() itself.
    const init = await this.#open(options, origin)
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

  async #beginWithRetry<T>(
    callback: (session: Session) => Promise<T> | T,
    options: SessionOptions,
    origin: string | undefined,
    policy: RetryPolicy,
  ): Promise<T> {
    const errors: unknown[] = []
    for (let attempt = 1; ; attempt++) {
      let committed = false
      try {
        return await this.#beginOnce(
          (session) => {
            const value = callback(session)
            // A callback that committed by itself must not be run again, whatever follows.
            const note = () => {
              committed = session.state === 'committed'
            }
            if (value instanceof Promise) return value.finally(note)
            note()
            return value
          },
          options,
          origin,
        )
      } catch (error) {
        errors.push(error)
        if (attempt >= policy.attempts || !mayRetry(error, committed) || this.#closing) {
          attachAttempts(error, errors)
          throw error
        }
      }
      await sleep(backoffMs(policy, attempt))
    }
  }

  /**
   * Runs one statement on its own, outside any session: the database makes it a transaction
   * of its own (autocommit), so it is atomic and costs one round trip instead of three (no
   * BEGIN, no COMMIT). Statements that must succeed or fail together belong in `db.begin`.
   * With an array of parameter sets (executemany) the statement runs in one session, so its
   * batches are written all or not at all.
   *
   * @example
   * const result = await db.execute(update(users).set({ active: false }).where(eq(users.id, 1)))
   * result.rowCount // 1
   */
  execute<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<Result<TRow>> {
    if (isParameterSets(parameters)) {
      return this.begin((session) => session.execute(statement, parameters, options))
    }
    return this.#runAlone(statement, parameters, options, 'tuples') as Promise<Result<TRow>>
  }

  /**
   * `db.execute`, returning the first element of each row: entities for `select(users)`.
   *
   * @example
   * const user = (await db.scalars(select(users).where(eq(users.id, 1)))).first()
   */
  scalars<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<ScalarResult<TRow[0]>> {
    // Not async, and no await of execute(): each promise layer shows on a one-row lookup.
    if (isParameterSets(parameters)) {
      return this.execute(statement, parameters, options).then(ownScalars)
    }
    return this.#runAlone(statement, parameters, options, 'scalars') as Promise<
      ScalarResult<TRow[0]>
    >
  }

  /**
   * One statement on a connection of its own, returning the first element of its first row,
   * or `null` when it returns no row. A select's other rows are not read (better-sqlite3
   * steps to the first row only); add `.limit(1)` to keep the database from producing them.
   *
   * @example
   * const user = await db.scalar(select(users).where(eq(users.id, 1))) // User | null
   */
  scalar<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters,
    options?: StatementOptions,
  ): Promise<TRow[0] | null> {
    return this.#runAlone(statement, parameters, options, 'scalar') as Promise<TRow[0] | null>
  }

  /**
   * `db.execute`, returning whole row tuples.
   *
   * @example
   * const pairs = (await db.tuples(select(posts, users).from(posts).innerJoin(users, on))).all()
   */
  tuples<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<TupleResult<TRow>> {
    return this.execute(statement, parameters, options)
  }

  /**
   * One statement on a connection of its own, returned in the caller's `view`. Not an async
   * function: on an embedded driver with an idle connection the whole
   * statement runs here (`Driver.executeNow`), and the caller awaits one promise, not three.
   */
  #runAlone(
    statement: Executable,
    parameters: Parameters | undefined,
    options: StatementOptions | undefined,
    view: View,
  ): Promise<unknown> {
    const executor = this.#executor
    let timeout: ExecuteOptions | undefined
    let plan: Plan
    let values: unknown[]
    let run: ExecuteOptions | undefined
    try {
      if (this.#closing !== undefined) throw this.#refusal()
      if (options?.timeoutMs !== undefined) {
        timeout = { timeoutMs: executor.statementTimeout(options.timeoutMs, 'statement') }
      }
      // Bad input fails here, before a connection is taken.
      plan = executor.plan(statement)
      values = plan.binder.bind(parameters, plan.values)
      run = withMapping(timeout, plan.mapping?.[view])
      const now = this.driver.executeNow
      if (now !== undefined && timeout === undefined) {
        let answer: QueryResult | undefined
        try {
          answer = now.call(this.driver, plan.sql, values, run)
        } catch (error) {
          throw executor.failure(error, 'statement')
        }
        if (answer !== undefined) return Promise.resolve(executor.outcome(plan, answer, view))
      }
    } catch (error) {
      return Promise.reject(error)
    }
    return this.#runOnConnection(plan, values, run, view)
  }

  async #runOnConnection(
    plan: Plan,
    values: unknown[],
    run: ExecuteOptions | undefined,
    view: View,
  ): Promise<unknown> {
    const executor = this.#executor
    const driver = this.driver
    this.#statements++
    try {
      const connection = await this.#acquire()
      let answer: QueryResult
      try {
        answer = await boundAnswer(
          connection.execute(plan.sql, values, run),
          this.#statementTimeoutMs,
          run?.timeoutMs,
          'statement',
        )
      } catch (error) {
        const failure = executor.failure(error, 'statement')
        const gone = failure instanceof NakedSqlError && connectionGone(failure)
        await release(driver, connection, gone || connection.inTransaction?.() === true)
        throw failure
      }
      // A raw `BEGIN` run this way leaves a transaction open: that connection is not pooled.
      await release(driver, connection, connection.inTransaction?.() === true)
      return executor.outcome(plan, answer, view)
    } finally {
      this.#statements--
      this.#settled()
    }
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
    const origin = this.#leakWarningMs === undefined ? undefined : leakStack()
    return new Session(await this.#open(options, origin))
  }

  /**
   * Connections of the driver and sessions of this factory, right now.
   *
   * @example
   * setInterval(() => metrics.gauge('db.pool', db.stats()), 10_000)
   */
  stats(): SessionFactoryStats {
    const pool = this.driver.stats?.()
    return {
      idle: pool?.idle ?? 0,
      inUse: pool?.inUse ?? this.#live.size,
      waiting: pool?.waiting ?? this.#acquiring,
      sessions: this.#live.size,
    }
  }

  /**
   * Shuts the factory down: new sessions are refused at once with `InvalidSessionStateError`;
   * running sessions get `timeoutMs` to finish; those still running then are rolled back
   * (their next call, and the end of their callback, fail with `InvalidSessionStateError`);
   * then the driver closes its connections. Calling it again returns the same promise.
   *
   * @example
   * process.on('SIGTERM', () => db.close({ timeoutMs: 10_000 }))
   */
  close(options: CloseOptions = {}): Promise<void> {
    if (this.#closing === undefined) {
      let timeoutMs: number
      try {
        timeoutMs = checkTimeout(
          'close timeoutMs',
          options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS,
          'closing must end.',
        )
      } catch (error) {
        return Promise.reject(error)
      }
      this.#closing = this.#shutDown(timeoutMs)
    }
    return this.#closing
  }

  async #shutDown(timeoutMs: number): Promise<void> {
    if (!(await this.#drain(timeoutMs))) {
      const reason = new InvalidSessionStateError(
        'rolled back',
        'open',
        `the session factory was closed and this session was still running after close()'s timeout of ${timeoutMs} ms, so it was rolled back. Finish sessions before closing the factory, or give close() a larger timeoutMs.`,
      )
      await Promise.all([...this.#live].map((init) => init.abort!(reason)))
    }
    const closed = this.driver.close()
    let timer: ReturnType<typeof setTimeout> | undefined
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, 'late')
    })
    try {
      if ((await Promise.race([closed, late])) === 'late') {
        closed.catch(() => {})
        throw new CloseTimeoutError(timeoutMs, 'the driver did not close its connections in time')
      }
    } finally {
      clearTimeout(timer)
    }
  }

  /** Resolves true when no session is left, or false at the deadline. */
  #drain(timeoutMs: number): Promise<boolean> {
    if (this.#live.size === 0 && this.#statements === 0) return Promise.resolve(true)
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer)
        resolve(true)
      }
      const timer = setTimeout(() => {
        this.#drained = this.#drained.filter((d) => d !== done)
        resolve(false)
      }, timeoutMs)
      this.#drained.push(done)
    })
  }

  #refusal(): InvalidSessionStateError {
    return new InvalidSessionStateError(
      'closed',
      'open',
      'the session factory was closed (close() was called), so it opens no new session: create a new factory to open sessions.',
      { phase: 'acquire' },
    )
  }

  /**
   * A connection from the driver, or a classified error; refused once the factory closes. Not
   * an async function, as it runs before every statement.
   */
  #acquire(): Promise<DriverConnection> {
    if (this.#closing !== undefined) return Promise.reject(this.#refusal())
    this.#acquiring++
    let pending: Promise<DriverConnection>
    try {
      pending = this.driver.acquire({ timeoutMs: this.acquireTimeoutMs })
    } catch (error) {
      pending = Promise.reject(error)
    }
    return pending.then(this.#acquired, this.#notAcquired)
  }

  // Made once, not per acquire.
  readonly #acquired = (connection: DriverConnection): DriverConnection | Promise<never> => {
    this.#acquiring--
    if (this.#closing === undefined) return connection
    return release(this.driver, connection, false).then(() => {
      throw this.#refusal()
    })
  }

  readonly #notAcquired = (error: unknown): never => {
    this.#acquiring--
    throw this.#executor.classify(error, 'acquire')
  }

  /**
   * A connection in a transaction, ready for a session. Synchronous, without a promise, when
   * the driver hands over an idle connection at once that answers synchronously.
   */
  #open(options: SessionOptions, origin: string | undefined): SessionInit | Promise<SessionInit> {
    if (this.#closing !== undefined) return Promise.reject(this.#refusal())
    try {
      this.#executor.checkTransactionOptions(options)
    } catch (error) {
      return Promise.reject(error)
    }
    const now = options.timeoutMs === undefined ? this.driver.acquireNow?.() : undefined
    if (now?.executeSync !== undefined && now.begin === undefined) {
      return this.#beginNow(now, now.executeSync, options, origin)
    }
    if (now !== undefined) return this.#begin(now, options, origin)
    return this.#acquire().then((connection) => this.#begin(connection, options, origin))
  }

  /** BEGIN through `executeSync`: a failed one gives the connection back, then rejects. */
  #beginNow(
    connection: DriverConnection,
    executeSync: NonNullable<DriverConnection['executeSync']>,
    options: SessionOptions,
    origin: string | undefined,
  ): SessionInit | Promise<never> {
    try {
      for (const s of this.#beginSql(options)) executeSync.call(connection, s, NO_VALUES)
    } catch (error) {
      return this.#beginFailed(connection, error)
    }
    return this.#started(connection, options, undefined, origin)
  }

  async #begin(
    connection: DriverConnection,
    options: SessionOptions,
    origin: string | undefined,
  ): Promise<SessionInit> {
    const executor = this.#executor
    let executeOptions: ExecuteOptions | undefined
    if (options.timeoutMs !== undefined) {
      // Checked with a connection in hand: a driver may learn what its server can do only then.
      try {
        executeOptions = Object.freeze({
          timeoutMs: executor.statementTimeout(options.timeoutMs, 'begin'),
        })
      } catch (error) {
        await release(this.driver, connection, false)
        throw error
      }
    }
    try {
      const limit = this.#statementTimeoutMs
      if (connection.begin) {
        await boundAnswer(connection.begin(options), limit, undefined, 'begin')
      } else {
        for (const s of this.#beginSql(options)) {
          await boundAnswer(connection.execute(s, NO_VALUES), limit, undefined, 'begin')
        }
      }
    } catch (error) {
      return this.#beginFailed(connection, error)
    }
    return this.#started(connection, options, executeOptions, origin)
  }

  #beginSql(options: SessionOptions): readonly string[] {
    return options === NO_OPTIONS ? this.#defaultBegin : this.driver.dialect.beginSql(options)
  }

  /** Gives back the connection of a BEGIN that failed, then rejects with the classified error. */
  #beginFailed(connection: DriverConnection, error: unknown): Promise<never> {
    const classified = this.#executor.classify(error, 'begin')
    const gone = connectionGone(classified)
    return release(this.driver, connection, gone || connection.inTransaction?.() !== false).then(
      () => {
        throw classified
      },
    )
  }

  /** What the session is made of, counted live until its connection goes back. */
  #started(
    connection: DriverConnection,
    options: SessionOptions,
    executeOptions: ExecuteOptions | undefined,
    origin: string | undefined,
  ): SessionInit {
    const channel = new Channel(connection, this.#statementTimeoutMs)
    channel.executeOptions = executeOptions
    const init: SessionInit = {
      executor: this.#executor,
      channel,
      options,
      limits: this.#limits,
      release: (c, destroy) => this.#release(init, c, destroy),
      leakTimer:
        origin === undefined
          ? undefined
          : startLeakTimer(this.#leakWarningMs!, origin, this.#onLeak),
    }
    this.#live.add(init)
    return init
  }

  /** Not an async function: it ends every session, and each promise layer costs. */
  #release(init: SessionInit, connection: DriverConnection, destroy: boolean): Promise<void> {
    if (init.leakTimer !== undefined) clearTimeout(init.leakTimer)
    return release(this.driver, connection, destroy).then(() => {
      this.#live.delete(init)
      this.#settled()
    })
  }

  /** Wakes a closing factory once no session or statement is left. */
  #settled(): void {
    if (this.#live.size === 0 && this.#statements === 0 && this.#drained.length > 0) {
      const drained = this.#drained
      this.#drained = []
      for (const done of drained) done()
    }
  }
}

/**
 * Gives a connection back. A failing release is ignored: the driver has discarded the
 * connection, and nothing else can be done with it here. Not an async function: this runs
 * after every statement, and each promise layer costs.
 */
function release(driver: Driver, connection: DriverConnection, destroy: boolean): Promise<void> {
  try {
    return driver.release(connection, { destroy }).then(undefined, ignore)
  } catch {
    return RELEASED
  }
}

const ignore = (): void => {}
const ownScalars = <TRow extends readonly unknown[]>(result: Result<TRow>) => result.ownScalars()

const RELEASED = Promise.resolve()

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
