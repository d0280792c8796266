import type { FieldPacket, QueryResult as Mysql2Result, PoolConnection } from 'mysql2/promise'
import { type BinaryField, binaryRowParser, type RowParserClass } from './binary-rows.js'

/** The slice of mysql2's Execute command (lib/commands/execute.js) this module hooks. */
interface ExecuteCommand {
  buildParserFromFields?(fields: readonly BinaryField[], connection: unknown): RowParserClass
}

/** The callback connection under a promise pool connection. */
interface CallbackConnection {
  execute(
    options: object,
    callback: (error: Error | null, result: Mysql2Result, fields: FieldPacket[]) => void,
  ): ExecuteCommand | undefined
}

function buildParserFromFields(
  this: ExecuteCommand,
  fields: readonly BinaryField[],
  connection: unknown,
): RowParserClass {
  const parser = binaryRowParser(fields)
  if (parser !== undefined) return parser
  const own = Object.getPrototypeOf(this) as ExecuteCommand
  return own.buildParserFromFields!.call(this, fields, connection)
}

/**
 * `pooled.execute(options)`, with this adapter's binary row reader for the rows. mysql2 has no
 * option for a custom row parser: the reader goes on this one command object (never on
 * mysql2's prototypes), before any row can arrive. Should a mysql2 version build its parser
 * differently, the command keeps mysql2's reader, which returns the same values.
 */
export function executeBinary(
  pooled: PoolConnection,
  options: object,
): Promise<readonly [Mysql2Result, FieldPacket[]]> {
  const connection = pooled.connection as unknown as CallbackConnection
  return new Promise((resolve, reject) => {
    const command = connection.execute(options, (error, result, fields) => {
      if (error) reject(error)
      else resolve([result, fields])
    })
    if (typeof command?.buildParserFromFields === 'function') {
      command.buildParserFromFields = buildParserFromFields
    }
  })
}
