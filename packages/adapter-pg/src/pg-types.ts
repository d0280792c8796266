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
  readonly name?: string
  readonly rowMode: 'array'
  readonly types: { getTypeParser(oid: number, format?: string): (value: string) => unknown }
}

/** A checked-out pg client (`pg.PoolClient`). */
export interface PgClient {
  /**
   * Runs a query object that pg drives through its `submit` protocol and that answers through
   * its own callback (a parameterless text with several statements answers with an array).
   */
  query(query: { submit(connection: never): unknown }): unknown
  /** 'I' idle, 'T' in a transaction, 'E' in a failed transaction (from ReadyForQuery). */
  getTransactionStatus(): 'I' | 'T' | 'E' | null | string
  /** Back to the pool; `true` or an error closes the connection instead. */
  release(destroy?: boolean | Error): void
  /** Listens for the socket's errors while the client is checked out. */
  on(event: 'error', listener: (error: Error) => void): unknown
  /** pg's wire connection, with the names of the statements it has parsed (pg internals). */
  readonly connection?: { readonly parsedStatements?: Readonly<Record<string, string>> }
}

/** A pg pool (`pg.Pool`), or anything with the same shape. */
export interface PgPool {
  /** Checks out a client. */
  connect(): Promise<PgClient>
  /** Closes every client. */
  end(): Promise<void>
  /** Listens for errors of idle clients, which would otherwise crash the process. */
  on(event: 'error', listener: (error: Error, client: PgClient) => void): unknown
  readonly totalCount: number
  readonly idleCount: number
  readonly waitingCount: number
  readonly options?: { readonly max?: number }
}
