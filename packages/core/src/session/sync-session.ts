import type { TransactionOptions } from '../dialect/dialect.js'
import type { QueryResult, SyncDriver, SyncDriverConnection } from '../driver/contract.js'
import { NakedSqlError } from '../errors/base.js'
import { ConnectionLostError } from '../errors/database-errors.js'
import { InvalidSessionStateError } from '../errors/session-errors.js'
import { MappingFailure } from '../result/driver-mapping.js'
import type { Result, ScalarResult, TupleResult } from '../result/result.js'
import type { Parameters } from './bind.js'
import { connectionGone } from './deadline.js'
import {
  type Executable,
  Executor,
  isParameterSets,
  type Plan,
  resultView,
  type View,
} from './executor.js'
import type { SessionFactoryOptions, SessionFactoryStats, SessionOptions } from './factory.js'
import type { StatementOptions } from './session.js'
import {
  attachRollbackError,
  closedSavepointError,
  closedSessionError,
  failedEarlierError,
  lostBeforeCommitError,
  type SessionState,
} from './state.js'

/*
 * The synchronous sessions of embedded drivers (better-sqlite3). The rules are those of the
 * async sessions; plans, binding, batching, results and errors come from the same Executor.
 * A synchronous caller cannot interleave calls, so there is no queue.
 */

const NO_VALUES: readonly unknown[] = Object.freeze([])
const NO_OPTIONS: SessionOptions = Object.freeze({})
const ignore = (): void => {}

interface SyncLink {
  readonly executor: Executor
  readonly connection: SyncDriverConnection
  savepoints: number
  /** The error that showed the connection is gone; nothing more is sent on it. */
  lost: ConnectionLostError | undefined
}

/** What sync sessions and savepoints share: statements and savepoints. */
export abstract class SyncQueryable {
  /** @internal */
  protected readonly link: SyncLink
  /** @internal The first statement of this scope the database refused (see `Scope.failed`). */
  protected failed: NakedSqlError | undefined

  /** @internal */
  protected constructor(link: SyncLink) {
    this.link = link
  }

  /** @internal Why a call cannot run now, or undefined when it can. */
  protected abstract refusal(action: string): InvalidSessionStateError | undefined

  /** @internal The failed statement of this scope or of the scopes it lives in. */
  protected failure(): NakedSqlError | undefined {
    return this.failed
  }

  /** @internal Refuses a call, before sending anything, when the transaction cannot go on. */
  #check(action: string): void {
    const refused = this.refusal(action)
    if (refused !== undefined) throw refused
    const failure = this.failure()
    if (failure !== undefined) throw failedEarlierError(failure, 'statement')
  }

  /** Classifies a driver error and remembers it (see `Queryable`). */
  #failed(error: unknown, phase: 'statement' | 'rollback'): unknown {
    // A row the mapper could not read: the database ran the statement, the session goes on.
    if (error instanceof MappingFailure) return error.error
    const classified = this.link.executor.classify(error, phase)
    if (classified instanceof ConnectionLostError) this.link.lost ??= classified
    else if (phase === 'statement') this.failed ??= classified
    return classified
  }

  /**
   * Runs a statement; an array of parameter objects runs it once per object (executemany).
   *
   * @example
   * session.execute(insert(users).values({ email: param('email') }), [{ email: 'a@x' }, { email: 'b@x' }])
   */
  execute<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Result<TRow> {
    return this.#execute(statement, parameters, options, 'tuples') as Result<TRow>
  }

  /** `execute`, `scalars` or `scalar` by `view`. */
  #execute(
    statement: Executable,
    parameters: Parameters | readonly Parameters[] | undefined,
    options: StatementOptions | undefined,
    view: View,
  ): unknown {
    this.#check('execute')
    const { executor, connection } = this.link
    if (options?.timeoutMs !== undefined) executor.statementTimeout(options.timeoutMs, 'statement')
    const plan = executor.plan(statement)
    if (!isParameterSets(parameters)) {
      const values = plan.binder.bind(parameters, plan.values)
      let answer: QueryResult
      try {
        answer = connection.execute(plan.sql, values, plan.mapping?.[view])
      } catch (error) {
        throw this.#failed(error, 'statement')
      }
      return executor.outcome(plan, answer, view)
    }
    return resultView(this.#executeMany(statement, plan, parameters), view)
  }

  #executeMany(
    statement: Executable,
    plan: Plan,
    sets: readonly Parameters[],
  ): Result<readonly unknown[]> {
    const { executor, connection } = this.link
    if (sets.length === 0) return executor.result(plan, { columns: [], rows: [], rowCount: 0 })
    // Every value is encoded before the first statement runs, so a bad one sends nothing.
    const steps = executor.batches(statement, plan, sets)
    const values = steps === undefined ? executor.bindAll(plan, sets) : undefined
    let answer: QueryResult
    try {
      if (steps !== undefined) {
        answer = executor.merge(steps.map((step) => connection.execute(step.sql, step.values)))
      } else if (plan.mapper !== undefined) {
        answer = executor.merge(values!.map((v) => connection.execute(plan.sql, v)))
      } else {
        const { rowCount } = connection.executeMany(plan.sql, values!)
        answer = { columns: [], rows: [], rowCount }
      }
    } catch (error) {
      throw this.#failed(error, 'statement')
    }
    return executor.result(plan, answer)
  }

  /** The first element of each row. @example session.scalars(select(users)).all() */
  scalars<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
  ): ScalarResult<TRow[0]> {
    return this.#execute(statement, parameters, undefined, 'scalars') as ScalarResult<TRow[0]>
  }

  /**
   * The first element of the first row, or `null`; a select's other rows are not read.
   *
   * @example
   * const user = session.scalar(select(users).where(eq(users.id, 1))) // User | null
   */
  scalar<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters,
  ): TRow[0] | null {
    return this.#execute(statement, parameters, undefined, 'scalar') as TRow[0] | null
  }

  /** Whole row tuples. @example for (const [u, p] of session.tuples(q)) {} */
  tuples<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
  ): TupleResult<TRow> {
    return this.execute(statement, parameters)
  }

  /**
   * Runs `callback` inside a savepoint: when it throws, only its work is rolled back and the
   * error is rethrown.
   *
   * @example
   * try { session.savepoint((sp) => sp.execute(insert(audit).values(entry))) } catch {}
   */
  savepoint<T>(callback: (savepoint: SyncSavepoint) => T): T {
    this.#check('savepoint')
    const link = this.link
    link.executor.checkSavepoints()
    const dialect = link.executor.dialect
    const name = `nakedsql_sp_${++link.savepoints}`
    this.#control(dialect.savepointSql(name), 'statement')
    const savepoint = new SyncSavepoint(
      link,
      (action) => this.refusal(action),
      () => this.failure(),
    )
    let value: T
    try {
      value = callback(savepoint)
      rejectPromise(value, 'savepoint')
      // A statement failed and the callback caught its error: the savepoint's work is undone.
      const failure = savepoint.failedStatement
      if (failure !== undefined) throw failedEarlierError(failure, 'statement')
    } catch (error) {
      savepoint.close('rolled back')
      if (this.refusal('savepoint') === undefined) {
        try {
          this.#control(dialect.rollbackToSavepointSql(name), 'rollback')
          this.#control(dialect.releaseSavepointSql(name), 'rollback')
        } catch (rollbackError) {
          if (rollbackError instanceof NakedSqlError) this.failed ??= rollbackError
          attachRollbackError(error, rollbackError)
        }
      }
      throw error
    }
    savepoint.close('released')
    if (this.refusal('savepoint') === undefined)
      this.#control(dialect.releaseSavepointSql(name), 'statement')
    return value
  }

  #control(sql: string, phase: 'statement' | 'rollback'): void {
    try {
      this.link.connection.execute(sql, NO_VALUES)
    } catch (error) {
      throw this.#failed(error, phase)
    }
  }
}

/** A savepoint of a synchronous session. @example session.savepoint((sp) => sp.execute(q)) */
export class SyncSavepoint extends SyncQueryable {
  readonly #parentRefusal: (action: string) => InvalidSessionStateError | undefined
  readonly #parentFailure: () => NakedSqlError | undefined
  #state: 'open' | 'released' | 'rolled back' = 'open'

  /** @internal Savepoints are made by `savepoint()`. */
  constructor(
    link: SyncLink,
    parentRefusal: (action: string) => InvalidSessionStateError | undefined,
    parentFailure: () => NakedSqlError | undefined,
  ) {
    super(link)
    this.#parentRefusal = parentRefusal
    this.#parentFailure = parentFailure
  }

  /** `open` inside the callback; `released` or `rolled back` after it. */
  get state(): 'open' | 'released' | 'rolled back' {
    return this.#state
  }

  /** @internal */
  close(state: 'released' | 'rolled back'): void {
    this.#state = state
  }

  /** @internal The statement of this savepoint that failed, if one did. */
  get failedStatement(): NakedSqlError | undefined {
    return this.failed
  }

  /** @internal */
  protected override failure(): NakedSqlError | undefined {
    return this.failed ?? this.#parentFailure()
  }

  /** @internal */
  protected refusal(action: string): InvalidSessionStateError | undefined {
    if (this.#state !== 'open') return closedSavepointError(this.#state, action)
    return this.#parentRefusal(action)
  }
}

/**
 * One transaction of a synchronous driver, with the rules of `Session`.
 *
 * @example
 * using session = db.session()
 * session.execute(insert(users).values({ email: 'a@x' }))
 * session.commit()
 */
export class SyncSession extends SyncQueryable implements Disposable {
  readonly #options: TransactionOptions
  readonly #release: (destroy: boolean) => void
  #state: SessionState = 'open'
  /** Why the factory rolled this session back while it was open. */
  #aborted: InvalidSessionStateError | undefined

  /** @internal Sessions are made by a SyncSessionFactory. */
  constructor(link: SyncLink, options: TransactionOptions, release: (destroy: boolean) => void) {
    super(link)
    this.#options = options
    this.#release = release
  }

  /** `open` until the transaction ends. */
  get state(): SessionState {
    return this.#state
  }

  /** @internal */
  protected refusal(action: string): InvalidSessionStateError | undefined {
    if (this.#state === 'open') return undefined
    return this.#aborted ?? closedSessionError(this.#state, action)
  }

  /** @internal Rolls the session back for a factory that closes; later calls fail with `reason`. */
  abort(reason: InvalidSessionStateError): void {
    if (this.#state !== 'open') return
    try {
      this.finish('rollback')
    } catch {
      // finish has discarded the connection; the session is over either way.
    }
    this.#aborted = reason
  }

  /** Commits and ends the session. @example session.commit() */
  commit(): void {
    const refused = this.refusal('commit')
    if (refused !== undefined) throw refused
    this.finish('commit')
  }

  /** Rolls back and ends the session. @example session.rollback() */
  rollback(): void {
    const refused = this.refusal('rollback')
    if (refused !== undefined) throw refused
    this.finish('rollback')
  }

  /** Rolls back whatever was not committed when a `using` scope ends. */
  [Symbol.dispose](): void {
    if (this.#state === 'open') this.finish('rollback')
  }

  /** @internal Ends the transaction and gives the connection back (see Session). */
  finish(kind: 'commit' | 'rollback'): void {
    const { connection, executor, lost } = this.link
    const dialect = executor.dialect
    if (lost !== undefined) {
      this.#state = kind === 'commit' ? 'failed' : 'rolled back'
      this.#release(true)
      if (kind === 'commit') throw lostBeforeCommitError(lost)
      return
    }
    const failure = this.failed
    if (kind === 'commit' && failure !== undefined) {
      const refused = failedEarlierError(failure, 'commit')
      try {
        this.finish('rollback')
      } catch (rollbackError) {
        attachRollbackError(refused, rollbackError)
      }
      this.#state = 'failed'
      throw refused
    }
    this.#state = kind === 'commit' ? 'committing' : 'rolling back'
    try {
      connection.execute(kind === 'commit' ? dialect.commitSql() : dialect.rollbackSql(), NO_VALUES)
    } catch (error) {
      this.#state = 'failed'
      let clean = kind === 'commit' && connection.inTransaction?.() === false
      if (kind === 'commit' && !clean) {
        try {
          connection.execute(dialect.rollbackSql(), NO_VALUES)
          clean = connection.inTransaction?.() !== true
        } catch {
          clean = false
        }
      }
      this.#release(!clean)
      throw executor.classify(error, kind)
    }
    this.#state = kind === 'commit' ? 'committed' : 'rolled back'
    let destroy = false
    try {
      for (const sql of dialect.transactionEndSql(this.#options)) connection.execute(sql, NO_VALUES)
    } catch {
      destroy = true
    }
    this.#release(destroy || connection.inTransaction?.() === true)
  }
}

/** A synchronous callback that returned a promise would let its work run after COMMIT. */
function rejectPromise(value: unknown, where: string): void {
  if (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as PromiseLike<unknown>).then === 'function'
  ) {
    ;(value as PromiseLike<unknown>).then(undefined, ignore)
    throw new InvalidSessionStateError(
      'rolled back',
      'open',
      `the ${where} callback of a synchronous session returned a promise, so its work after the first await would run outside the transaction; it was rolled back. Use a synchronous callback, or createSessionFactory with the async adapter for async code.`,
    )
  }
}

/**
 * Makes synchronous sessions over a synchronous driver (better-sqlite3).
 *
 * @example
 * const db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: 'app.db' }))
 * const user = db.begin((s) => s.scalars(select(users).where(eq(users.id, 1))).one())
 */
export class SyncSessionFactory {
  readonly driver: SyncDriver
  readonly autoCommit: boolean
  readonly #executor: Executor
  readonly #defaultBegin: readonly string[]
  /** Sessions from BEGIN until their connection is back. */
  readonly #open = new Set<SyncSession>()
  #closed = false

  constructor(driver: SyncDriver, options: Pick<SessionFactoryOptions, 'autoCommit'> = {}) {
    this.driver = driver
    this.autoCommit = options.autoCommit ?? true
    this.#executor = new Executor(driver.dialect, driver.capabilities)
    this.#defaultBegin = driver.dialect.beginSql(NO_OPTIONS)
  }

  /**
   * Runs `callback` in a new session: commits when it returns (autoCommit) or rolls back
   * unless it committed; rolls back and rethrows the very same error when it throws.
   *
   * @example
   * db.begin((session) => { session.execute(insert(users).values({ email: 'a@x' })) })
   */
  begin<T>(callback: (session: SyncSession) => T, options: SessionOptions = NO_OPTIONS): T {
    const session = this.session(options)
    let value: T
    try {
      value = callback(session)
      rejectPromise(value, 'db.begin()')
    } catch (error) {
      if (session.state === 'open') {
        try {
          session.finish('rollback')
        } catch (rollbackError) {
          attachRollbackError(error, rollbackError)
        }
      }
      throw error
    }
    if (session.state === 'open') session.finish(this.autoCommit ? 'commit' : 'rollback')
    return value
  }

  /**
   * Runs one statement on its own, outside any session, as SQLite's own autocommit
   * transaction (see `SessionFactory.execute`). An array of parameter sets runs in one
   * session, all or nothing.
   *
   * @example
   * const user = db.scalars(select(users).where(eq(users.id, 1))).first()
   */
  execute<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Result<TRow> {
    if (isParameterSets(parameters)) {
      return this.begin((session) => session.execute(statement, parameters, options))
    }
    return this.#runAlone(statement, parameters, options, 'tuples') as Result<TRow>
  }

  /** One statement on the connection on its own, returned in the caller's `view`. */
  #runAlone(
    statement: Executable,
    parameters: Parameters | undefined,
    options: StatementOptions | undefined,
    view: View,
  ): unknown {
    this.#checkOpen()
    const executor = this.#executor
    if (options?.timeoutMs !== undefined) executor.statementTimeout(options.timeoutMs, 'statement')
    const plan = executor.plan(statement)
    const values = plan.binder.bind(parameters, plan.values)
    const connection = this.#acquire()
    let answer: QueryResult
    try {
      answer = connection.execute(plan.sql, values, plan.mapping?.[view])
    } catch (error) {
      const failure = executor.failure(error, 'statement')
      const gone = failure instanceof NakedSqlError && connectionGone(failure)
      this.#release(connection, gone || connection.inTransaction?.() === true)
      throw failure
    }
    this.#release(connection, connection.inTransaction?.() === true)
    return executor.outcome(plan, answer, view)
  }

  /** `db.execute`, first element of each row. @example db.scalars(select(users)).all() */
  scalars<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): ScalarResult<TRow[0]> {
    if (isParameterSets(parameters))
      return this.execute(statement, parameters, options).ownScalars()
    return this.#runAlone(statement, parameters, options, 'scalars') as ScalarResult<TRow[0]>
  }

  /**
   * `db.execute`, returning the first element of the first row, or `null`; a select's other
   * rows are not read.
   *
   * @example
   * const user = db.scalar(select(users).where(eq(users.id, 1))) // User | null
   */
  scalar<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters,
    options?: StatementOptions,
  ): TRow[0] | null {
    return this.#runAlone(statement, parameters, options, 'scalar') as TRow[0] | null
  }

  /** `db.execute`, whole row tuples. @example for (const [u, p] of db.tuples(q)) {} */
  tuples<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): TupleResult<TRow> {
    return this.execute(statement, parameters, options)
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new InvalidSessionStateError(
        'closed',
        'open',
        'the session factory was closed: create a new factory to open sessions.',
        { phase: 'acquire' },
      )
    }
  }

  #acquire(): SyncDriverConnection {
    try {
      return this.driver.acquire()
    } catch (error) {
      throw this.#executor.classify(error, 'acquire')
    }
  }

  #release(connection: SyncDriverConnection, destroy: boolean): void {
    try {
      this.driver.release(connection, { destroy })
    } catch {
      // The outcome is decided; the driver has discarded the connection.
    }
  }

  /**
   * Opens a session for `using`: the end of the scope rolls back what was not committed.
   *
   * @example
   * using session = db.session({ readOnly: true })
   */
  session(options: SessionOptions = NO_OPTIONS): SyncSession {
    this.#checkOpen()
    const executor = this.#executor
    executor.checkTransactionOptions(options)
    // No synchronous driver can time a statement out; refused before the connection is taken.
    if (options.timeoutMs !== undefined) executor.statementTimeout(options.timeoutMs, 'begin')
    const driver = this.driver
    const connection = this.#acquire()
    const release = (destroy: boolean): void => this.#release(connection, destroy)
    try {
      const sql = options === NO_OPTIONS ? this.#defaultBegin : driver.dialect.beginSql(options)
      for (const s of sql) connection.execute(s, NO_VALUES)
    } catch (error) {
      release(connection.inTransaction?.() !== false)
      throw executor.classify(error, 'begin')
    }
    const session: SyncSession = new SyncSession(
      { executor, connection, savepoints: 0, lost: undefined },
      options,
      (destroy) => {
        this.#open.delete(session)
        release(destroy)
      },
    )
    this.#open.add(session)
    return session
  }

  /**
   * Sessions of this factory that are open right now (a synchronous driver has one
   * connection, in use while a session is open).
   *
   * @example
   * db.stats() // { idle: 1, inUse: 0, waiting: 0, sessions: 0 }
   */
  stats(): SessionFactoryStats {
    const sessions = this.#open.size
    return { idle: this.#closed || sessions > 0 ? 0 : 1, inUse: sessions, waiting: 0, sessions }
  }

  /**
   * Refuses new sessions, rolls back any still open, and closes the driver.
   *
   * @example
   * process.on('SIGTERM', () => db.close())
   */
  close(): void {
    if (this.#closed) return
    this.#closed = true
    // A synchronous caller cannot be waited for: a session still open now (a `using` scope
    // that has not ended) is rolled back, and its later calls say why.
    const reason = new InvalidSessionStateError(
      'rolled back',
      'open',
      'the session factory was closed while this session was open, so it was rolled back. End sessions (commit, or leave their using scope) before closing the factory.',
    )
    for (const session of [...this.#open]) session.abort(reason)
    this.driver.close()
  }
}

/**
 * Creates a synchronous session factory from a synchronous driver.
 *
 * @example
 * const db = createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: ':memory:' }))
 */
export function createSyncSessionFactory(
  driver: SyncDriver,
  options?: Pick<SessionFactoryOptions, 'autoCommit'>,
): SyncSessionFactory {
  return new SyncSessionFactory(driver, options)
}
