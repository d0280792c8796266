import type { FieldPacket, QueryResult as Mysql2Result, PoolConnection } from 'mysql2/promise'
import { type BinaryField, binaryRowParser, type RowParserClass } from './binary-rows.js'

/** The slice of mysql2's Execute command (lib/commands/execute.js) this module hooks. */
interface ExecuteCommand {
  /** mysql2's prepared statement, cached per connection and SQL text. */
  readonly statement?: object
  buildParserFromFields?(fields: readonly BinaryField[], connection: unknown): RowParserClass
}

interface CachedParser {
  /** The metadata the parser was built from, copied: mysql2's fields hold the packet buffer. */
  readonly columns: readonly BinaryField[]
  readonly parser: RowParserClass | undefined
}

/**
 * The parser built for a prepared statement's last result. The server sends column metadata
 * with every execution and a table altered in between may change it, so a hit is checked
 * column by column.
 */
const parsers = new WeakMap<object, CachedParser>()

function sameColumns(cached: readonly BinaryField[], fields: readonly BinaryField[]): boolean {
  if (cached.length !== fields.length) return false
  for (let i = 0; i < fields.length; i++) {
    const a = cached[i]!
    const b = fields[i]!
    if (
      a.columnType !== b.columnType ||
      a.flags !== b.flags ||
      a.characterSet !== b.characterSet ||
      a.encoding !== b.encoding ||
      a.decimals !== b.decimals ||
      a.extendedFormat !== b.extendedFormat ||
      a.name !== b.name
    ) {
      return false
    }
  }
  return true
}

function parserOf(statement: object | undefined, fields: readonly BinaryField[]) {
  if (statement === undefined) return binaryRowParser(fields)
  const cached = parsers.get(statement)
  if (cached !== undefined && sameColumns(cached.columns, fields)) return cached.parser
  const parser = binaryRowParser(fields)
  const columns = fields.map(
    ({ name, columnType, flags, characterSet, encoding, decimals, extendedFormat }) => ({
      name,
      columnType,
      flags,
      characterSet,
      encoding,
      decimals,
      extendedFormat,
    }),
  )
  parsers.set(statement, { columns, parser })
  return parser
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
  const parser = parserOf(this.statement, fields)
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
