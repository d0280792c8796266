/*
 * The slice of node-postgres this adapter uses, described structurally so a user may hand in
 * any compatible pool (pg.Pool, or a wrapper around one).
 */

export interface PgField {
  readonly name: string
}

export interface PgQueryResult {
  readonly fields: readonly PgField[]
  readonly rows: readonly (readonly unknown[])[]
  readonly rowCount: number | null
  /** The command tag's verb: `COMMIT`, or `ROLLBACK` for a COMMIT of an aborted transaction. */
  readonly command?: string
}

export interface PgQueryConfig {
  readonly text: string
  readonly values?: readonly unknown[]
  readonly name?: string
  readonly rowMode: 'array'
  readonly types: { getTypeParser(oid: number, format?: string): (value: string) => unknown }
}

export interface PgClient {
  query(config: PgQueryConfig): Promise<PgQueryResult | PgQueryResult[]>
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (from ReadyForQuery). */
  getTransactionStatus(): 'I' | 'T' | 'E' | null | string
  release(destroy?: boolean | Error): void
  on(event: 'error', listener: (error: Error) => void): unknown
}

export interface PgPool {
  connect(): Promise<PgClient>
  end(): Promise<void>
  on(event: 'error', listener: (error: Error, client: PgClient) => void): unknown
  readonly totalCount: number
  readonly idleCount: number
  readonly waitingCount: number
  readonly options?: { readonly max?: number }
}
