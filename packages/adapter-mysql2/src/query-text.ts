import type { FieldPacket, QueryResult as Mysql2Result, PoolConnection } from 'mysql2/promise'

/** mysql2's callback for one statement. */
export type Answer = (error: Error | null, result: Mysql2Result, fields: FieldPacket[]) => void

/** The slice of the callback connection under a promise pool connection that this uses. */
interface CallbackConnection {
  query(options: object, callback: Answer): unknown
  query(sql: string, callback: Answer): unknown
}

/**
 * A parameterless statement through the text protocol (transaction control, SET, DDL), on the
 * callback connection: mysql2's promise wrapper captures a stack trace for every call, which
 * costs about as much as the statement's own client-side work. `valueOptions` go with the
 * statement when the pool's own config does not carry them.
 */
export function queryText(
  pooled: PoolConnection,
  sql: string,
  valueOptions: object | undefined,
): Promise<readonly [Mysql2Result, FieldPacket[]]> {
  const connection = pooled.connection as unknown as CallbackConnection
  return new Promise((resolve, reject) => {
    const answer: Answer = (error, result, fields) => {
      if (error) reject(error)
      else resolve([result, fields])
    }
    if (valueOptions === undefined) connection.query(sql, answer)
    else connection.query({ sql, ...valueOptions }, answer)
  })
}
