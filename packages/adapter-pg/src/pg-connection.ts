import {
  type DriverConnection,
  type ExecuteOptions,
  postgres,
  type QueryResult,
  TransactionAbortedError,
  type TransactionOptions,
} from '@nakedsql/core'
import { type Answer, ArrayQuery } from './array-query.js'
import type { PgClient, PgQueryResult } from './pg-types.js'
import { columnsOf, type PgStatement, type QueryConfigs } from './query-configs.js'

const NO_VALUES: readonly unknown[] = Object.freeze([])
const NO_ROWS: readonly (readonly unknown[])[] = Object.freeze([])
const DONE: Promise<void> = Promise.resolve()

const SET_LOCAL_TIMEOUT =
  "SELECT current_setting('statement_timeout'), set_config('statement_timeout', $1, true)"
const RESTORE_LOCAL_TIMEOUT = "SELECT set_config('statement_timeout', $1, true)"
const ROLLBACK_TO = /^\s*rollback\s+to\b/i

/** A parameterless text may hold several statements; the last one's outcome is the answer. */
function lastResult(raw: PgQueryResult | PgQueryResult[]): PgQueryResult {
  return Array.isArray(raw) ? raw[raw.length - 1]! : raw
}

/**
 * As pg does for a query it answers with a promise: a stack that leads to the caller rather
 * than to the socket's read callback. Called where the failed answer is awaited.
 */
function withCallerStack(error: unknown): unknown {
  if (error instanceof Error) Error.captureStackTrace(error, withCallerStack)
  return error
}

/** The statement_timeout set for the transaction in progress, and the value it replaced. */
interface LocalTimeout {
  /** NaN when a ROLLBACK TO SAVEPOINT may have undone the setting. */
  ms: number
  readonly previous: string
}

/** One checked-out pg client, seen through the Driver contract. */
export class PgConnection implements DriverConnection {
  readonly client: PgClient
  readonly #configs: QueryConfigs
  /** Why this client must not go back to the pool (its socket died, or its settings drifted). */
  unusable: unknown
  #timeout: LocalTimeout | undefined
  /**
   * A statement inside the transaction failed, so only ROLLBACK [TO SAVEPOINT] can run now.
   * Kept here because pg settles a failed query on the server's error message, before the
   * ReadyForQuery that moves `getTransactionStatus()` to 'E' may have been read.
   */
  #aborted = false
  /**
   * The BEGIN of the session, not sent yet: it travels with the session's first statement, in
   * the same write, so a transaction costs one round trip less. PostgreSQL takes a
   * transaction's snapshot at its first statement, not at BEGIN, so nothing a session sees
   * changes; only `now()` (the transaction's start time) becomes the first statement's time.
   */
  #deferredBegin: readonly string[] | undefined
  /**
   * The text of the server's unnamed statement, when this connection parsed it inside the
   * transaction in progress: the same text with new values is then bound again without a
   * Parse (an executemany's batches, a statement run in a loop). Forgotten on every other
   * query until the server confirms it, at every checkout (the client may serve other code in
   * between), and outside a transaction, where a pooler in transaction mode may move the next
   * query to another server connection.
   */
  #unnamed: string | undefined
  /** Queries handed to pg so far: only the last one's answer may set `#unnamed`. */
  #sent = 0

  constructor(client: PgClient, configs: QueryConfigs) {
    this.client = client
    this.#configs = configs
  }

  /** Sends nothing yet: see {@link PgConnection.#deferredBegin}. */
  begin(options: TransactionOptions): Promise<void> {
    this.#deferredBegin = postgres.beginSql(options)
    // A timeout set local to the last transaction ended with it.
    this.#timeout = undefined
    return DONE
  }

  /**
   * Forgets what belonged to the checkout that ends or begins: a BEGIN no statement carried,
   * and the unnamed statement, which code outside the adapter may replace while the client is
   * in the pool.
   */
  forgetCheckout(): void {
    this.#deferredBegin = undefined
    this.#unnamed = undefined
  }

  // Not async: #run and #timed already return promises, and one more wrapper costs a tick.
  execute(sql: string, params: readonly unknown[], options?: ExecuteOptions): Promise<QueryResult> {
    if (this.#deferredBegin !== undefined) return this.#first(sql, params, options)
    if (options?.timeoutMs !== undefined || this.#timeout !== undefined) {
      return this.#timed(sql, params, options?.timeoutMs)
    }
    return this.#run(sql, params, options?.mapRow)
  }

  /**
   * The session's first statement, with its BEGIN in front. Sent on its own first when the
   * statement cannot carry it: a parameterless text goes by the simple protocol (which may
   * hold several statements), a timeout is set by statements of its own, and a named
   * statement not parsed yet would let pg take BEGIN's ParseComplete for its own.
   */
  async #first(
    sql: string,
    params: readonly unknown[],
    options: ExecuteOptions | undefined,
  ): Promise<QueryResult> {
    const begin = this.#deferredBegin!
    this.#deferredBegin = undefined
    const statement = this.#configs.get(sql, params.length)
    const name = statement.config.name
    const carries =
      params.length > 0 &&
      options?.timeoutMs === undefined &&
      (name === undefined || this.client.connection?.parsedStatements?.[name] !== undefined)
    if (carries) return this.#run(sql, params, options?.mapRow, begin)
    for (const text of begin) await this.#run(text, NO_VALUES)
    return this.execute(sql, params, options)
  }

  async executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): Promise<{ rowCount: number }> {
    let rowCount = 0
    for (const params of paramSets) rowCount += (await this.execute(sql, params, options)).rowCount
    return { rowCount }
  }

  /**
   * COMMIT of a transaction that an earlier error aborted is answered with the command tag
   * ROLLBACK, not an error: that must never pass for a commit.
   */
  async commit(): Promise<void> {
    // Nothing was sent: there is no transaction to commit.
    if (this.#deferredBegin !== undefined) {
      this.#deferredBegin = undefined
      return
    }
    let raw: Answer
    try {
      raw = (await this.#send(this.#configs.get('COMMIT', 0), NO_VALUES, undefined)).answer
    } catch (error) {
      throw withCallerStack(error)
    }
    if (lastResult(raw).command === 'ROLLBACK') {
      throw new TransactionAbortedError(
        'COMMIT was answered with ROLLBACK: a statement of the transaction had failed (its error was caught and not rethrown), so PostgreSQL rolled the whole transaction back',
        { code: '25P02', sqlState: '25P02', phase: 'commit' },
      )
    }
  }

  /** Native, so that a session whose BEGIN was never sent ends without a round trip. */
  async rollback(): Promise<void> {
    if (this.#deferredBegin !== undefined) {
      this.#deferredBegin = undefined
      return
    }
    await this.execute('ROLLBACK', NO_VALUES)
  }

  /** From the status byte of the server's last ReadyForQuery message, or a BEGIN not yet sent. */
  inTransaction(): boolean {
    if (this.#deferredBegin !== undefined) return true
    const status = this.client.getTransactionStatus()
    return status === 'T' || status === 'E'
  }

  async #run(
    sql: string,
    params: readonly unknown[],
    map?: ExecuteOptions['mapRow'],
    before?: readonly string[],
  ): Promise<QueryResult> {
    const statement = this.#configs.get(sql, params.length)
    const inTransaction = before !== undefined || this.client.getTransactionStatus() !== 'I'
    let query: ArrayQuery
    try {
      query = await this.#send(statement, params, map, before)
    } catch (error) {
      if (inTransaction) this.#aborted = true
      throw withCallerStack(error)
    }
    // Only ROLLBACK or ROLLBACK TO SAVEPOINT succeeds in an aborted transaction.
    this.#aborted = false
    // The statement ran; only reading one of its rows failed.
    if (query.mapFailure !== undefined) throw query.mapFailure
    const result = lastResult(query.answer)
    const rows = result.rows
    const columns = columnsOf(statement, result.fields)
    const rowCount = result.rowCount ?? rows.length
    if (map === undefined) return { columns, rows, rowCount }
    return { columns, rows: NO_ROWS, mapped: rows, rowCount }
  }

  /** Runs one query; resolves with it once pg has its whole answer. */
  #send(
    statement: PgStatement,
    params: readonly unknown[],
    map: ExecuteOptions['mapRow'],
    before?: readonly string[],
  ): Promise<ArrayQuery> {
    const config = statement.config
    // pg sends a statement with values and no name by the extended protocol, unnamed.
    const unnamed = params.length > 0 && config.name === undefined
    const parsed =
      unnamed &&
      before === undefined &&
      this.#unnamed === config.text &&
      this.client.getTransactionStatus() === 'T'
    this.#unnamed = undefined
    const id = ++this.#sent
    return new Promise((resolve, reject) => {
      const query: ArrayQuery = new ArrayQuery(
        config,
        params,
        map,
        (error) => {
          if (error != null) {
            reject(error)
            return
          }
          // A query queued behind this one may replace the unnamed statement.
          if (unnamed && id === this.#sent) this.#unnamed = config.text
          resolve(query)
        },
        before,
        parsed,
      )
      this.client.query(query)
    })
  }

  /**
   * A statement with a timeout, or any statement after one. Inside a transaction the timeout
   * is set local to it (`set_config(..., true)`), once for a run of statements with the same
   * timeout, and put back for a statement without one; COMMIT or ROLLBACK drops it. Outside a
   * transaction it is set for the one statement and reset.
   */
  async #timed(sql: string, params: readonly unknown[], timeoutMs: number | undefined) {
    if (this.client.getTransactionStatus() === 'I') {
      this.#timeout = undefined
      return timeoutMs === undefined
        ? this.#run(sql, params)
        : this.#withTimeout(sql, params, timeoutMs)
    }
    // In a failed transaction only ROLLBACK [TO SAVEPOINT] runs: nothing can be set there.
    if (!this.#aborted && this.client.getTransactionStatus() !== 'E') {
      await this.#setLocalTimeout(timeoutMs)
    }
    try {
      return await this.#run(sql, params)
    } finally {
      // Rolling back to a savepoint also undoes a set_config made after it.
      if (this.#timeout !== undefined && ROLLBACK_TO.test(sql)) this.#timeout.ms = Number.NaN
    }
  }

  async #setLocalTimeout(timeoutMs: number | undefined): Promise<void> {
    const current = this.#timeout
    if (timeoutMs === undefined) {
      await this.#run(RESTORE_LOCAL_TIMEOUT, [current!.previous])
      this.#timeout = undefined
    } else if (timeoutMs !== current?.ms) {
      const answer = await this.#run(SET_LOCAL_TIMEOUT, [`${timeoutMs}ms`])
      this.#timeout = { ms: timeoutMs, previous: current?.previous ?? String(answer.rows[0]![0]) }
    }
  }

  /**
   * statement_timeout applies to every statement until reset, so it is set for this one
   * statement and put back afterwards.
   */
  async #withTimeout(sql: string, params: readonly unknown[], timeoutMs: number) {
    const previous = await this.#run(
      "SELECT current_setting('statement_timeout'), set_config('statement_timeout', $1, false)",
      [`${Math.max(1, Math.ceil(timeoutMs))}ms`],
    )
    try {
      return await this.#run(sql, params)
    } finally {
      if (this.client.getTransactionStatus() !== 'E' && this.unusable === undefined) {
        await this.#run("SELECT set_config('statement_timeout', $1, false)", [
          previous.rows[0]![0],
        ]).catch((error: unknown) => {
          this.unusable = error
        })
      }
    }
  }
}
