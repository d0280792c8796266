import type { DriverConnection, ExecuteOptions, QueryResult } from '@nakedsql/core'
import type { FieldPacket, PoolConnection, ResultSetHeader, TypeCast } from 'mysql2/promise'
import { type BinaryAnswer, executeBinary, type RowMapping } from './execute-binary.js'
import {
  batchSql,
  exceedsPacket,
  type InsertTemplate,
  insertTemplate,
  planBatches,
  rowsOf,
} from './insert-batches.js'
import { queryText } from './query-text.js'
import type { ServerInfo } from './server-info.js'

const NO_ROWS: readonly (readonly unknown[])[] = Object.freeze([])

/** MySQL protocol: SERVER_STATUS_IN_TRANS, set in every OK packet while a transaction is open. */
const SERVER_STATUS_IN_TRANS = 1

/**
 * Per-query options that switch mysql2's own value parsing off; core's codecs decide. Given
 * only for a pool the adapter did not create: its own pool has them in its config.
 */
export interface QueryValueOptions {
  readonly rowsAsArray: true
  readonly dateStrings: true
  readonly supportBigNumbers: true
  readonly bigNumberStrings: true
  readonly timezone: 'Z'
  readonly typeCast?: TypeCast
}

function isHeader(value: unknown): value is ResultSetHeader {
  return typeof value === 'object' && value !== null && 'affectedRows' in value
}

/**
 * Parameterless statements that return no rows: transaction control, session settings, DDL.
 * They go through the text protocol, which needs no prepare round trip and leaves the
 * statement cache alone.
 */
const NO_ROWS_STATEMENT =
  /^\s*(?:start\s|begin\b|commit\b|rollback\b|savepoint\s|release\s|set\s|create\s|drop\s|alter\s|truncate\s|rename\s)/i

/**
 * One mysql2 pool connection through the Driver contract. Every statement that carries data
 * goes through `execute()`: server-side prepared statements, so values are sent apart from the
 * SQL text (mysql2's client-side escaping is not safe under NO_BACKSLASH_ESCAPES), and rows
 * come in the binary protocol even without parameters (the text protocol rounds FLOAT to six
 * digits, so one column would read differently depending on whether the query had a
 * parameter).
 */
export class MysqlConnection implements DriverConnection {
  #pooled: PoolConnection | undefined
  readonly #valueOptions: QueryValueOptions | undefined
  readonly #server: ServerInfo
  /** SERVER_STATUS_IN_TRANS from the last OK packet; result sets do not carry it through mysql2. */
  #inTransaction = false
  /** Why this connection must not go back to the pool (its socket died). */
  unusable: unknown

  constructor(valueOptions: QueryValueOptions | undefined, server: ServerInfo) {
    this.#valueOptions = valueOptions
    this.#server = server
  }

  /** The pool's wrapper changes on every checkout; the underlying connection does not. */
  attach(pooled: PoolConnection): void {
    this.#pooled = pooled
    this.unusable = undefined
  }

  get pooled(): PoolConnection {
    return this.#pooled!
  }

  async execute(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<QueryResult> {
    if (params.length > 1 && exceedsPacket(params, this.#server.maxAllowedPacket)) {
      // A multi-row INSERT (core folds executemany into them) too large for one packet.
      const template = insertTemplate(sql)
      if (template !== undefined)
        return this.#insertInBatches(template, rowsOf(params, template.width), options?.timeoutMs)
    }
    const [result, fields, mapped] = await this.#send(sql, params, options?.timeoutMs, options)
    if (isHeader(result)) return { columns: [], rows: [], rowCount: result.affectedRows }
    const rows = result as unknown[][]
    const columns = (fields as FieldPacket[]).map((field) => field.name)
    if (mapped) return { columns, rows: NO_ROWS, mapped: rows, rowCount: rows.length }
    return { columns, rows, rowCount: rows.length }
  }

  async executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
    options?: ExecuteOptions,
  ): Promise<{ rowCount: number }> {
    const template = paramSets.length > 1 ? insertTemplate(sql) : undefined
    if (template !== undefined) {
      const { rowCount } = await this.#insertInBatches(template, paramSets, options?.timeoutMs)
      return { rowCount }
    }
    let rowCount = 0
    for (const params of paramSets) rowCount += (await this.execute(sql, params, options)).rowCount
    return { rowCount }
  }

  /**
   * Multi-row INSERTs of as many rows as fit max_allowed_packet (and the protocol's 65,535
   * placeholders); rows returned by RETURNING are concatenated in order.
   */
  async #insertInBatches(
    template: InsertTemplate,
    rows: readonly (readonly unknown[])[],
    timeoutMs: number | undefined,
  ): Promise<QueryResult> {
    const texts = new Set<string>()
    let columns: readonly string[] = []
    const returned: (readonly unknown[])[] = []
    let rowCount = 0
    try {
      for (const batch of planBatches(template, rows, this.#server.maxAllowedPacket)) {
        const text = batchSql(template, batch.length)
        const [result, fields] = await this.#send(text, batch.flat(), timeoutMs)
        texts.add(this.#timed(text, timeoutMs))
        if (isHeader(result)) {
          rowCount += result.affectedRows
        } else {
          columns = (fields as FieldPacket[]).map((field) => field.name)
          for (const row of result as unknown[][]) returned.push(row)
          rowCount += (result as unknown[][]).length
        }
      }
    } finally {
      // Batch texts are one-offs: close their server-side statements instead of caching them.
      // mysql2 finds a statement by its text and the options it ran with.
      if (this.unusable === undefined) {
        const options = this.#valueOptions
        for (const sql of texts) this.pooled.unprepare(options ? { sql, ...options } : sql)
      }
    }
    return { columns, rows: returned, rowCount }
  }

  inTransaction(): boolean {
    return this.#inTransaction
  }

  /**
   * One statement; its rows mapped by `mapping.mapRow` as they are read when the third
   * element is true.
   */
  async #send(
    sql: string,
    params: readonly unknown[],
    timeoutMs?: number,
    mapping?: RowMapping,
  ): Promise<BinaryAnswer> {
    const text = this.#timed(sql, timeoutMs)
    let answer: BinaryAnswer
    if (params.length === 0 && NO_ROWS_STATEMENT.test(sql)) {
      const [result, fields] = await queryText(this.pooled, text, this.#valueOptions)
      answer = [result, fields, false]
    } else {
      answer = await executeBinary(
        this.pooled,
        text,
        params as unknown[],
        this.#valueOptions,
        mapping,
      )
    }
    const result = answer[0]
    if (isHeader(result)) {
      this.#inTransaction = (result.serverStatus & SERVER_STATUS_IN_TRANS) !== 0
    }
    return answer
  }

  /**
   * MariaDB limits one statement with SET STATEMENT ... FOR; MySQL only has an optimizer hint,
   * and only for SELECT (other statements run without a server-side limit there).
   */
  #timed(sql: string, timeoutMs: number | undefined): string {
    if (timeoutMs === undefined) return sql
    const ms = Math.max(1, Math.ceil(timeoutMs))
    if (this.#server.flavor === 'mariadb') {
      return `SET STATEMENT max_statement_time=${ms / 1000} FOR ${sql}`
    }
    return sql.replace(/^\s*select\b/i, (select) => `${select} /*+ MAX_EXECUTION_TIME(${ms}) */`)
  }
}
