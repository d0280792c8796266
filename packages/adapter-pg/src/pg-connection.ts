import type { DriverConnection, ExecuteOptions, QueryResult } from '@nakedsql/core'
import type { PgClient, PgQueryConfig, PgQueryResult } from './pg-types.js'
import { statementName } from './statement-name.js'

/** Every value comes back as the text the server sent; core's codecs decide what it becomes. */
const rawText = (value: string): string => value
const RAW_TYPES: PgQueryConfig['types'] = { getTypeParser: () => rawText }

/** One checked-out pg client, seen through the Driver contract. */
export class PgConnection implements DriverConnection {
  readonly client: PgClient
  readonly #namedStatements: boolean
  /** Why this client must not go back to the pool (its socket died, or its settings drifted). */
  unusable: unknown

  constructor(client: PgClient, namedStatements: boolean) {
    this.client = client
    this.#namedStatements = namedStatements
  }

  async execute(
    sql: string,
    params: readonly unknown[],
    options?: ExecuteOptions,
  ): Promise<QueryResult> {
    if (options?.timeoutMs !== undefined) return this.#withTimeout(sql, params, options.timeoutMs)
    return this.#run(sql, params)
  }

  async executeMany(
    sql: string,
    paramSets: readonly (readonly unknown[])[],
  ): Promise<{ rowCount: number }> {
    let rowCount = 0
    for (const params of paramSets) rowCount += (await this.#run(sql, params)).rowCount
    return { rowCount }
  }

  /** From the status byte of the server's last ReadyForQuery message. */
  inTransaction(): boolean {
    const status = this.client.getTransactionStatus()
    return status === 'T' || status === 'E'
  }

  async #run(sql: string, params: readonly unknown[]): Promise<QueryResult> {
    const config: PgQueryConfig = {
      text: sql,
      values: params,
      rowMode: 'array',
      types: RAW_TYPES,
      ...(this.#namedStatements && params.length > 0 ? { name: statementName(sql) } : {}),
    }
    const raw = await this.client.query(config)
    // A parameterless text may hold several statements; the last one's outcome is the answer.
    const result: PgQueryResult = Array.isArray(raw) ? raw[raw.length - 1]! : raw
    const rows = result.rows
    return {
      columns: result.fields.map((field) => field.name),
      rows,
      rowCount: result.rowCount ?? rows.length,
    }
  }

  /**
   * statement_timeout applies to every statement until reset, so it is set for this one
   * statement and put back afterwards. Inside a transaction that the statement aborted the
   * reset cannot run, but ROLLBACK undoes the SET as well.
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
