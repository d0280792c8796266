import type { TransactionOptions } from '../dialect/dialect.js'
import type { DriverConnection, ExecuteOptions, QueryResult } from '../driver/contract.js'
import { NakedSqlError } from '../errors/base.js'
import { CommitOutcomeUnknownError, ConnectionLostError } from '../errors/database-errors.js'
import { type InvalidSessionStateError, UnsupportedOptionError } from '../errors/session-errors.js'
import { MappingFailure, withMapping } from '../result/driver-mapping.js'
import type { Result, ScalarResult, TupleResult } from '../result/result.js'
import type { Parameters } from './bind.js'
import { type Channel, failureOf, type Scope } from './channel.js'
import { withDeadline } from './deadline.js'
import {
  type BatchStep,
  type Executable,
  type Executor,
  isParameterSets,
  type Plan,
  resultView,
  type View,
} from './executor.js'
import {
  abandonedCallError,
  abandonedCallsError,
  attachRollbackError,
  closedSavepointError,
  closedSessionError,
  failedEarlierError,
  lostBeforeCommitError,
  lostEarlierError,
  NO_ERROR,
  type SessionState,
} from './state.js'

const NO_VALUES: readonly unknown[] = Object.freeze([])
const ignore = (): void => {}

/**
 * The client-side limits of COMMIT and ROLLBACK, the same for every session of a factory;
 * undefined for an embedded engine, which is not bounded.
 */
export interface SessionLimits {
  readonly commitTimeoutMs: number | undefined
  readonly rollbackTimeoutMs: number | undefined
}

/** Options of one statement call. */
export interface StatementOptions {
  /**
   * Server-side timeout of this statement in milliseconds, instead of the session's
   * `timeoutMs`. Past it the statement fails with `QueryTimeoutError` and the connection
   * stays usable (on PostgreSQL the transaction is aborted: use a savepoint to go on).
   */
  readonly timeoutMs?: number
}

/**
 * What a session needs from its factory. `end` and `abort` are filled in by the session for
 * the factory.
 */
export interface SessionInit {
  readonly executor: Executor
  readonly channel: Channel
  readonly options: TransactionOptions
  readonly limits: SessionLimits
  /** Gives the connection back to the driver; never rejects. */
  readonly release: (connection: DriverConnection, destroy: boolean) => Promise<void>
  /** The factory's leak warning for this session, when it asked for one. */
  readonly leakTimer: ReturnType<typeof setTimeout> | undefined
  /** Ends the session after its callback (or its `await using` scope) ended. */
  end?: (callbackError: unknown, autoCommit: boolean) => Promise<void>
  /** Rolls the session back now, for a factory that closes. */
  abort?: (reason: InvalidSessionStateError) => Promise<void>
}

/**
 * What sessions and savepoints share: running statements in call order on the session's
 * connection, and opening savepoints.
 */
export abstract class Queryable {
  /** @internal */
  protected readonly executor: Executor
  /** @internal */
  protected readonly channel: Channel
  /** @internal */
  protected readonly scope: Scope

  /** @internal */
  protected constructor(
    executor: Executor,
    channel: Channel,
    where: string,
    parent: Scope | undefined,
  ) {
    this.executor = executor
    this.channel = channel
    this.scope = {
      pending: 0,
      abandoned: false,
      parent,
      held: undefined,
      failed: undefined,
      abandonedError: () => abandonedCallError(where),
    }
  }

  /** @internal Why a call cannot start now, or undefined when it can. */
  protected abstract refusal(action: string): InvalidSessionStateError | undefined

  /**
   * Runs a statement. `parameters` is one object of `param()` values, or an array of them
   * to run the statement once per object (executemany; a single-row insert is folded into
   * multi-row inserts, one round trip per batch).
   *
   * @example
   * const result = await session.execute(insert(users).values({ email: param('email') }), [
   *   { email: 'a@example.com' },
   *   { email: 'b@example.com' },
   * ])
   * result.rowCount // 2
   * await session.execute(reportQuery, { year }, { timeoutMs: 5_000 }) // QueryTimeoutError past 5 s
   */
  execute<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<Result<TRow>> {
    return this.#execute(statement, parameters, options, 'tuples') as Promise<Result<TRow>>
  }

  /**
   * Runs a statement and returns the first element of each row: entities for
   * `select(users)`, values for `select(users.id)`.
   *
   * @example
   * const user = (await session.scalars(select(users).where(eq(users.id, 1)))).one()
   */
  scalars<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<ScalarResult<TRow[0]>> {
    return this.#execute(statement, parameters, options, 'scalars') as Promise<
      ScalarResult<TRow[0]>
    >
  }

  /**
   * Runs a statement and returns the first element of its first row, or `null` when it
   * returns no row. A select's other rows are not read (better-sqlite3 steps to the first
   * row only); add `.limit(1)` to keep the database from producing them too.
   *
   * @example
   * const user = await session.scalar(select(users).where(eq(users.id, 1))) // User | null
   */
  scalar<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters,
    options?: StatementOptions,
  ): Promise<TRow[0] | null> {
    return this.#execute(statement, parameters, options, 'scalar') as Promise<TRow[0] | null>
  }

  /**
   * Runs a statement and returns whole row tuples.
   *
   * @example
   * for (const [user, post] of await session.tuples(select(users, posts).from(users).join(...))) {}
   */
  tuples<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    parameters?: Parameters | readonly Parameters[],
    options?: StatementOptions,
  ): Promise<TupleResult<TRow>> {
    return this.execute(statement, parameters, options)
  }

  /**
   * Runs `callback` inside a savepoint: when it throws, only its work is rolled back and the
   * error is rethrown; the session stays usable.
   *
   * @example
   * await session.savepoint(async (sp) => { await sp.execute(insert(audit).values(entry)) })
   *   .catch((e) => log('audit skipped', e))
   */
  savepoint<T>(callback: (savepoint: Savepoint) => Promise<T> | T): Promise<T> {
    const refused = this.refusal('savepoint')
    if (refused !== undefined) return Promise.reject(refused)
    try {
      this.executor.checkSavepoints()
    } catch (error) {
      return Promise.reject(error)
    }
    const name = `nakedsql_sp_${++this.channel.savepoints}`
    const dialect = this.executor.dialect
    const scope = this.scope
    const parent: SavepointParent = {
      scope,
      refusal: (action) => this.refusal(action),
      control: (sql, phase) =>
        this.channel.run(scope, async () => {
          for (const s of sql) await this.#control(s, phase)
        }),
    }
    // The whole savepoint counts as one pending call of this scope, so a callback that
    // returns while it runs rolls back instead of committing half of it.
    scope.pending++
    const running: Promise<T> = this.channel
      .run(scope, () => {
        this.#checkGoesOn()
        return this.#control(dialect.savepointSql(name), 'statement')
      })
      .then(() => runSavepoint(new Savepoint(this.executor, this.channel, name, parent), callback))
      .finally(() => {
        scope.pending--
        scope.held!.delete(running)
      })
    if (scope.held === undefined) scope.held = new Set()
    scope.held.add(running)
    return running
  }

  /** `execute`, `scalars` or `scalar` by `view`, queued in call order. */
  #execute(
    statement: Executable,
    parameters: Parameters | readonly Parameters[] | undefined,
    options: StatementOptions | undefined,
    view: View,
  ): Promise<unknown> {
    const refused = this.refusal('execute')
    if (refused !== undefined) return Promise.reject(refused)
    let run = this.channel.executeOptions
    if (options?.timeoutMs !== undefined) {
      try {
        run = { timeoutMs: this.executor.statementTimeout(options.timeoutMs, 'statement') }
      } catch (error) {
        return Promise.reject(error)
      }
    }
    const channel = this.channel
    const now = channel.connection.executeSync
    if (now !== undefined && run === undefined && channel.canRunNow(this.scope)) {
      if (!isParameterSets(parameters)) return this.#runNow(now, statement, parameters, view)
    }
    return channel.run(this.scope, () => this.#run(statement, parameters, run, view))
  }

  /**
   * `#run` on a connection that answers synchronously, with nothing queued before it: the
   * same checks, outcome and settlement, without a promise per layer.
   */
  #runNow(
    executeSync: NonNullable<DriverConnection['executeSync']>,
    statement: Executable,
    parameters: Parameters | undefined,
    view: View,
  ): Promise<unknown> {
    let outcome: unknown
    try {
      const executor = this.executor
      this.#checkGoesOn()
      const plan = executor.plan(statement)
      const values = plan.binder.bind(parameters, plan.values)
      const run = withMapping(undefined, plan.mapping?.[view])
      let answer: QueryResult
      try {
        answer = executeSync.call(this.channel.connection, plan.sql, values, run)
      } catch (error) {
        throw this.#failed(error, 'statement')
      }
      outcome = executor.outcome(plan, answer, view)
    } catch (error) {
      return this.channel.settle(this.scope, true, error)
    }
    return this.channel.settle(this.scope, false, outcome)
  }

  async #run(
    statement: Executable,
    parameters: Parameters | readonly Parameters[] | undefined,
    options: ExecuteOptions | undefined,
    view: View,
  ): Promise<unknown> {
    const executor = this.executor
    this.#checkGoesOn()
    const plan = executor.plan(statement)
    if (isParameterSets(parameters)) {
      const result = await this.#runMany(statement, plan, parameters, options)
      return resultView(result, view)
    }
    const values = plan.binder.bind(parameters, plan.values)
    const run = withMapping(options, plan.mapping?.[view])
    let answer: QueryResult
    try {
      answer = await this.channel.send(this.channel.connection.execute(plan.sql, values, run), run)
    } catch (error) {
      throw this.#failed(error, 'statement')
    }
    return executor.outcome(plan, answer, view)
  }

  /** Refuses a statement, before sending it, when the transaction cannot go on. */
  #checkGoesOn(): void {
    const lost = this.channel.lost
    if (lost !== undefined) throw lostEarlierError(lost)
    const failure = failureOf(this.scope)
    if (failure !== undefined) throw failedEarlierError(failure, 'statement')
  }

  /**
   * Classifies a driver error and remembers it: a lost connection for the session, a
   * statement the database refused for this scope.
   */
  #failed(error: unknown, phase: 'statement' | 'rollback'): unknown {
    // A row the mapper could not read: the database ran the statement, the session goes on.
    if (error instanceof MappingFailure) return error.error
    const classified = this.executor.classify(error, phase)
    if (classified instanceof ConnectionLostError) this.channel.lost ??= classified
    else if (phase === 'statement') this.scope.failed ??= classified
    return classified
  }

  async #runMany<TRow extends readonly unknown[]>(
    statement: Executable<TRow>,
    plan: Plan,
    sets: readonly Parameters[],
    options: ExecuteOptions | undefined,
  ): Promise<Result<TRow>> {
    const executor = this.executor
    if (sets.length === 0) return executor.result(plan, { columns: [], rows: [], rowCount: 0 })
    // Every value is encoded before the first round trip, so a bad one sends nothing (and,
    // as no statement failed in the database, leaves the session usable).
    const steps = executor.batches(statement, plan, sets)
    const values = steps === undefined ? executor.bindAll(plan, sets) : undefined
    let answer: QueryResult
    try {
      answer = await this.#send(plan, steps, values!, options)
    } catch (error) {
      throw this.#failed(error, 'statement')
    }
    return executor.result(plan, answer)
  }

  /** The round trips of an executemany: folded batches, one per set, or the driver's own. */
  async #send(
    plan: Plan,
    steps: readonly BatchStep[] | undefined,
    values: readonly (readonly unknown[])[],
    options: ExecuteOptions | undefined,
  ): Promise<QueryResult> {
    const channel = this.channel
    const connection = channel.connection
    if (steps !== undefined) {
      const answers: QueryResult[] = []
      for (const step of steps)
        answers.push(
          await channel.send(connection.execute(step.sql, step.values, options), options),
        )
      return this.executor.merge(answers)
    }
    if (plan.mapper !== undefined) {
      const answers: QueryResult[] = []
      for (const v of values) {
        answers.push(await channel.send(connection.execute(plan.sql, v, options), options))
      }
      return this.executor.merge(answers)
    }
    const { rowCount } = await channel.send(
      connection.executeMany(plan.sql, values, options),
      options,
    )
    return { columns: [], rows: [], rowCount }
  }

  /** @internal Runs one parameterless statement of nakedsql's own in the call queue. */
  protected query(sql: string): Promise<QueryResult> {
    return this.channel.run(this.scope, async () => {
      this.#checkGoesOn()
      try {
        return await this.channel.send(this.channel.connection.execute(sql, NO_VALUES), undefined)
      } catch (error) {
        throw this.#failed(error, 'statement')
      }
    })
  }

  /** @internal Sends one transaction-control statement. */
  async #control(sql: string, phase: 'statement' | 'rollback'): Promise<void> {
    try {
      await this.channel.send(this.channel.connection.execute(sql, NO_VALUES), undefined)
    } catch (error) {
      throw this.#failed(error, phase)
    }
  }
}

/** What a savepoint needs from the session or savepoint it was opened in. */
interface SavepointParent {
  readonly scope: Scope
  refusal(action: string): InvalidSessionStateError | undefined
  /** Runs savepoint-control SQL in the parent's turn. */
  control(sql: readonly string[], phase: 'statement' | 'rollback'): Promise<void>
}

async function runSavepoint<T>(
  savepoint: Savepoint,
  callback: (savepoint: Savepoint) => Promise<T> | T,
): Promise<T> {
  let value: T
  try {
    value = await callback(savepoint)
  } catch (error) {
    await savepoint.end(error)
    throw error
  }
  await savepoint.end(NO_ERROR)
  return value
}

/**
 * A savepoint inside a session: the same statement methods, for the work that
 * `session.savepoint(callback)` rolls back alone when the callback throws.
 *
 * @example
 * await session.savepoint(async (sp) => sp.execute(update(stock).set({ n: 0 })))
 */
export class Savepoint extends Queryable {
  readonly #parent: SavepointParent
  readonly #name: string
  #state: 'open' | 'released' | 'rolled back' = 'open'

  /** @internal Savepoints are made by `savepoint()`. */
  constructor(executor: Executor, channel: Channel, name: string, parent: SavepointParent) {
    super(executor, channel, 'savepoint', parent.scope)
    this.#parent = parent
    this.#name = name
  }

  /** `open` inside the callback; `released` or `rolled back` after it. */
  get state(): 'open' | 'released' | 'rolled back' {
    return this.#state
  }

  /** @internal */
  protected refusal(action: string): InvalidSessionStateError | undefined {
    if (this.#state !== 'open') return closedSavepointError(this.#state, action)
    return this.#parent.refusal(action)
  }

  /** @internal Releases the savepoint, or rolls back to it when the callback failed. */
  async end(callbackError: unknown): Promise<void> {
    const threw = callbackError !== NO_ERROR
    const pending = this.scope.pending
    if (pending > 0) this.channel.abandon(this.scope)
    // A statement failed and the callback caught its error: the savepoint's work is undone.
    const failure = threw ? undefined : this.scope.failed
    const rollBack = threw || pending > 0 || failure !== undefined
    this.#state = rollBack ? 'rolled back' : 'released'
    await this.channel.idle()
    // The session ended inside the callback (commit or rollback): nothing is left to undo.
    if (this.#parent.refusal('savepoint') !== undefined) return
    const dialect = this.executor.dialect
    const name = this.#name
    try {
      if (rollBack) {
        await this.#parent.control(
          [dialect.rollbackToSavepointSql(name), dialect.releaseSavepointSql(name)],
          'rollback',
        )
      } else {
        await this.#parent.control([dialect.releaseSavepointSql(name)], 'statement')
      }
    } catch (endError) {
      // The savepoint's failure stays in the transaction, which can now only be rolled back.
      if (rollBack && endError instanceof NakedSqlError) this.#parent.scope.failed ??= endError
      if (threw) {
        attachRollbackError(callbackError, endError)
        return
      }
      throw endError
    }
    if (failure !== undefined) throw failedEarlierError(failure, 'statement')
    if (!threw && pending > 0) throw abandonedCallsError('savepoint', pending)
  }
}

/**
 * One transaction. Calls run one after another in call order; `commit()` and `rollback()`
 * end it, and any use after that fails with `InvalidSessionStateError` before anything is
 * sent. Made by `db.begin(callback)` or `await using session = await db.session()`.
 *
 * @example
 * await using session = await db.session()
 * await session.execute(insert(users).values({ email: 'a@example.com' }))
 * await session.commit() // without it, the end of the scope rolls back
 */
export class Session extends Queryable implements AsyncDisposable {
  readonly #options: TransactionOptions
  readonly #limits: SessionLimits
  readonly #release: SessionInit['release']
  #state: SessionState = 'open'
  /** The caller's promise of commit() or rollback(), once called. */
  #ending: Promise<void> | undefined
  /** Why the factory rolled this session back while its callback still ran. */
  #aborted: InvalidSessionStateError | undefined
  #transactionId: Promise<string> | undefined

  /** @internal Sessions are made by a SessionFactory. */
  constructor(init: SessionInit) {
    super(init.executor, init.channel, 'db.begin()', undefined)
    this.#options = init.options
    this.#limits = init.limits
    this.#release = init.release
    init.end = (callbackError, autoCommit) => this.#end(callbackError, autoCommit)
    init.abort = (reason) => this.#abort(reason)
  }

  /** `open` until the transaction ends. */
  get state(): SessionState {
    return this.#state
  }

  /**
   * The server's id of this transaction, asked for on the first call (PostgreSQL:
   * `pg_current_xact_id()`; the first call assigns one if the transaction has not written
   * yet). Keep it before COMMIT: after a `CommitOutcomeUnknownError`,
   * `select pg_xact_status($1::xid8)` on a new connection tells whether the transaction
   * committed. Drivers whose dialect has no such id reject with `UnsupportedOptionError`.
   *
   * @example
   * const txid = await session.transactionId()
   */
  transactionId(): Promise<string> {
    if (this.#transactionId !== undefined) return this.#transactionId
    const refused = this.refusal('transactionId')
    if (refused !== undefined) return Promise.reject(refused)
    const sql = this.executor.dialect.transactionIdSql
    if (sql === undefined) {
      return Promise.reject(
        new UnsupportedOptionError(
          'transactionId',
          `The ${this.executor.dialect.name} dialect has no transaction id to ask for: after a CommitOutcomeUnknownError, check whether the session's writes are present instead.`,
          'statement',
        ),
      )
    }
    const id = this.query(sql).then((answer) => String(answer.rows[0]![0]))
    this.#transactionId = id
    id.catch(() => {
      if (this.#transactionId === id) this.#transactionId = undefined
    })
    return id
  }

  /** @internal */
  protected refusal(action: string): InvalidSessionStateError | undefined {
    if (this.#state === 'open') return undefined
    return this.#aborted ?? closedSessionError(this.#state, action)
  }

  /**
   * Commits the transaction and ends the session; the connection goes back to the pool.
   *
   * @example
   * await session.commit()
   */
  commit(): Promise<void> {
    return this.#endByCall('commit')
  }

  /**
   * Rolls the transaction back and ends the session.
   *
   * @example
   * if (!ok) await session.rollback()
   */
  rollback(): Promise<void> {
    return this.#endByCall('rollback')
  }

  /** Rolls back whatever was not committed when an `await using` scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.#end(NO_ERROR, false)
  }

  #endByCall(kind: 'commit' | 'rollback'): Promise<void> {
    const refused = this.refusal(kind)
    if (refused !== undefined) return Promise.reject(refused)
    this.#state = kind === 'commit' ? 'committing' : 'rolling back'
    const ending = this.channel.run(this.scope, () => this.#finish(kind))
    this.#ending = ending
    return ending
  }

  /**
   * Ends the transaction on the connection and gives the connection back. A failed COMMIT
   * is followed by a ROLLBACK, so no transaction stays open on a pooled connection.
   */
  async #finish(kind: 'commit' | 'rollback'): Promise<void> {
    const connection = this.channel.connection
    const executor = this.executor
    const dialect = executor.dialect
    const lost = this.channel.lost
    if (lost !== undefined) {
      // The server ended the transaction when the connection died; nothing was committed.
      this.#state = kind === 'commit' ? 'failed' : 'rolled back'
      await this.#giveBack(true)
      if (kind === 'rollback') return
      throw lostBeforeCommitError(lost)
    }
    const failure = this.scope.failed
    if (kind === 'commit' && failure !== undefined) {
      const refused = failedEarlierError(failure, 'commit')
      try {
        await this.#finish('rollback')
      } catch (rollbackError) {
        attachRollbackError(refused, rollbackError)
      }
      this.#state = 'failed'
      throw refused
    }
    let destroy = false
    try {
      const sql = kind === 'commit' ? dialect.commitSql() : dialect.rollbackSql()
      const native = kind === 'commit' ? connection.commit : connection.rollback
      if (native === undefined && connection.executeSync !== undefined) {
        connection.executeSync(sql, NO_VALUES)
      } else {
        const work: Promise<unknown> = native
          ? native.call(connection)
          : connection.execute(sql, NO_VALUES)
        if (kind === 'commit')
          await withDeadline(work, this.#limits.commitTimeoutMs, commitTimedOut)
        else await withDeadline(work, this.#limits.rollbackTimeoutMs, rollbackTimedOut)
      }
    } catch (error) {
      this.#state = 'failed'
      const classified = executor.classify(error, kind)
      // No ROLLBACK is awaited on a connection that is gone.
      const gone =
        classified instanceof ConnectionLostError || classified instanceof CommitOutcomeUnknownError
      destroy = kind === 'rollback' || gone || !(await this.#rollbackQuietly())
      await this.#giveBack(destroy)
      throw classified
    }
    this.#state = kind === 'commit' ? 'committed' : 'rolled back'
    const endSql = dialect.transactionEndSql(this.#options)
    if (endSql.length > 0) {
      try {
        for (const sql of endSql) await connection.execute(sql, NO_VALUES)
      } catch {
        // The transaction ended as asked; only a connection setting is left behind.
        destroy = true
      }
    }
    await this.#giveBack(destroy || connection.inTransaction?.() === true)
  }

  /** True when the connection is known to be outside any transaction afterwards. */
  async #rollbackQuietly(): Promise<boolean> {
    const connection = this.channel.connection
    if (connection.inTransaction?.() === false) return true
    try {
      const work: Promise<unknown> = connection.rollback
        ? connection.rollback()
        : connection.execute(this.executor.dialect.rollbackSql(), NO_VALUES)
      await withDeadline(work, this.#limits.rollbackTimeoutMs, rollbackTimedOut)
    } catch {
      return false
    }
    return connection.inTransaction?.() !== true
  }

  /** Not an async function: it ends every session, and each promise layer costs. */
  #giveBack(destroy: boolean): Promise<void> {
    this.channel.released = true
    return this.#release(this.channel.connection, destroy)
  }

  /**
   * Rolls back a session whose callback still runs, for a factory that closes: its calls
   * fail with `reason` from now on. A call in flight cannot be waited for (it may be what
   * keeps the session open), so its connection is destroyed instead, which ends the
   * transaction on the server as well.
   */
  async #abort(reason: InvalidSessionStateError): Promise<void> {
    if (this.#state !== 'open') return
    this.#aborted = reason
    this.#state = 'rolling back'
    this.scope.abandonedError = () => reason
    const busy = this.channel.busy
    this.channel.abandon(this.scope)
    if (busy) {
      this.#state = 'rolled back'
      await this.#giveBack(true)
      return
    }
    try {
      await this.#finish('rollback')
    } catch {
      // #finish has discarded the connection; the session is over either way.
    }
  }

  /** Ends the session after its callback or `await using` scope, as the factory asks. */
  async #end(callbackError: unknown, autoCommit: boolean): Promise<void> {
    const threw = callbackError !== NO_ERROR
    const aborted = this.#aborted
    if (aborted !== undefined) {
      // Rolled back by a closing factory: a callback that meant to commit must not succeed.
      if (!threw && autoCommit) throw aborted
      return
    }
    if (this.#state !== 'open') {
      // The callback ended the session itself, perhaps without awaiting the call.
      const ending = this.#ending
      if (ending === undefined) return
      ending.catch(ignore)
      await this.channel.idle()
      if (!threw) await ending
      return
    }
    const pending = this.scope.pending
    if (pending > 0) this.channel.abandon(this.scope)
    const kind = threw || pending > 0 || !autoCommit ? 'rollback' : 'commit'
    this.#state = kind === 'commit' ? 'committing' : 'rolling back'
    if (this.channel.busy) await this.channel.idle()
    try {
      await this.#finish(kind)
    } catch (endError) {
      if (threw) {
        attachRollbackError(callbackError, endError)
        return
      }
      if (pending > 0) attachRollbackError(endError, abandonedCallsError('db.begin()', pending))
      throw endError
    }
    if (!threw && pending > 0) throw abandonedCallsError('db.begin()', pending)
  }
}

function commitTimedOut(ms: number): CommitOutcomeUnknownError {
  return new CommitOutcomeUnknownError(
    `COMMIT got no answer within ${ms} ms (the factory's commitTimeoutMs), so the connection was destroyed`,
    { code: 'COMMIT_TIMEOUT', phase: 'commit' },
  )
}

function rollbackTimedOut(ms: number): ConnectionLostError {
  return new ConnectionLostError(
    `ROLLBACK got no answer within ${ms} ms (the factory's rollbackTimeoutMs), so the connection was destroyed and the server rolls the transaction back`,
    { code: 'ROLLBACK_TIMEOUT', phase: 'rollback' },
  )
}
