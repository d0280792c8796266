import type { ExecuteOptions } from '@nakedsql/core'
import type { FieldPacket, QueryResult as Mysql2Result, PoolConnection } from 'mysql2/promise'
import {
  type BinaryField,
  type BinaryPacket,
  binaryRowParser,
  type RowParserClass,
} from './binary-rows.js'
import type { Answer } from './query-text.js'

type MapRow = NonNullable<ExecuteOptions['mapRow']>
type ColumnTypes = ExecuteOptions['columnTypes']

/** What core passes to map one statement's rows: the mapper and the columns' declared types. */
export type RowMapping = Pick<ExecuteOptions, 'mapRow' | 'columnTypes'>

/** The slice of mysql2's Execute command (lib/commands/execute.js) this module hooks. */
interface ExecuteCommand {
  /** mysql2's prepared statement, cached per connection and SQL text. */
  readonly statement?: object
  buildParserFromFields?(fields: readonly BinaryField[], connection: unknown): RowParserClass
  /** This adapter's: the mapper of this execution, its columns' types, its first error. */
  mapRow?: MapRow
  columnTypes?: ColumnTypes
  mapFailure?: unknown
}

type RowParser = InstanceType<RowParserClass>

/**
 * Maps each row as it is read. mysql2 ends a command whose row parser throws without reading
 * the rest of its answer, so what the mapper throws is kept on the command, not thrown.
 */
class MappedRowParser {
  readonly #rows: RowParser
  readonly #command: ExecuteCommand
  readonly #map: MapRow

  constructor(rows: RowParser, command: ExecuteCommand, map: MapRow) {
    this.#rows = rows
    this.#command = command
    this.#map = map
  }

  next(packet: BinaryPacket, fields: readonly BinaryField[], options: unknown): unknown {
    // The mapper never keeps the row it is given, so this adapter's reader may refill one.
    const rows = this.#rows
    const row =
      rows.nextShared !== undefined ? rows.nextShared(packet) : rows.next(packet, fields, options)
    if (this.#command.mapFailure !== undefined) return undefined
    try {
      return this.#map(row)
    } catch (error) {
      this.#command.mapFailure = error
      return undefined
    }
  }
}

interface CachedParser {
  /** The metadata the parser was built from, copied: mysql2's fields hold the packet buffer. */
  readonly columns: readonly BinaryField[]
  /** Core's declared types it was built for (one array per result shape). */
  readonly columnTypes: ColumnTypes
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

function parserOf(
  statement: object | undefined,
  fields: readonly BinaryField[],
  columnTypes: ColumnTypes,
) {
  if (statement === undefined) return binaryRowParser(fields, columnTypes)
  const cached = parsers.get(statement)
  if (
    cached !== undefined &&
    cached.columnTypes === columnTypes &&
    sameColumns(cached.columns, fields)
  ) {
    return cached.parser
  }
  const parser = binaryRowParser(fields, columnTypes)
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
  parsers.set(statement, { columns, columnTypes, parser })
  return parser
}

/** The callback connection under a promise pool connection. */
interface CallbackConnection {
  execute(options: object, callback: Answer): ExecuteCommand | undefined
  execute(sql: string, values: unknown[], callback: Answer): ExecuteCommand | undefined
}

function buildParserFromFields(
  this: ExecuteCommand,
  fields: readonly BinaryField[],
  connection: unknown,
): RowParserClass {
  let parser = parserOf(this.statement, fields, this.columnTypes)
  if (parser === undefined) {
    const own = Object.getPrototypeOf(this) as ExecuteCommand
    parser = own.buildParserFromFields!.call(this, fields, connection)
  }
  if (this.mapRow === undefined) return parser
  // mysql2 instantiates what this returns at once, with `new` and no arguments: the class is
  // made once per row reader and finds its command here. (A function made per execution
  // would cost V8 a new hidden class and prototype each time, which fills the old generation
  // and made short reads twice as slow.)
  instantiating = this
  let mapped = mappedParsers.get(parser)
  if (mapped === undefined) {
    mapped = mappedParserOf(parser)
    mappedParsers.set(parser, mapped)
  }
  return mapped
}

/** The command whose row reader mysql2 is about to instantiate. */
let instantiating: ExecuteCommand | undefined

/** The mapping row reader class of each row reader class. */
const mappedParsers = new WeakMap<RowParserClass, RowParserClass>()

function mappedParserOf(Rows: RowParserClass): RowParserClass {
  return class extends MappedRowParser {
    constructor() {
      const command = instantiating!
      instantiating = undefined
      super(new Rows(), command, command.mapRow!)
    }
  } as unknown as RowParserClass
}

/** What `executeBinary` answers: mysql2's result and fields, and whether `mapRow` mapped the rows. */
export type BinaryAnswer = readonly [Mysql2Result, FieldPacket[], boolean]

/**
 * `pooled.execute(sql, values)`, with this adapter's binary row reader for the rows, each mapped
 * by `mapping.mapRow` as it is read when given (timestamp columns then read straight into
 * Dates). mysql2 has no option for a custom row parser: the reader goes on this one command
 * object (never on mysql2's prototypes), before any row can arrive. Should a mysql2 version
 * build its parser differently, the command keeps mysql2's reader, which returns the same
 * values as text, and the rows come back unmapped. What the mapper threw rejects the call
 * once the whole answer is in. `valueOptions` go with the statement when the pool's own
 * config does not carry them: mysql2 takes ~15 us more per call (measured) to read an options
 * object than positional arguments.
 */
export function executeBinary(
  pooled: PoolConnection,
  sql: string,
  values: unknown[],
  valueOptions: object | undefined,
  mapping: RowMapping | undefined,
): Promise<BinaryAnswer> {
  const map = mapping?.mapRow
  const connection = pooled.connection as unknown as CallbackConnection
  return new Promise((resolve, reject) => {
    let hooked = false
    const answer: Answer = (error, result, fields) => {
      if (error) reject(error)
      else if (command?.mapFailure !== undefined) reject(command.mapFailure)
      else resolve([result, fields, hooked && map !== undefined])
    }
    const command =
      valueOptions === undefined
        ? connection.execute(sql, values, answer)
        : connection.execute({ sql, values, ...valueOptions }, answer)
    if (typeof command?.buildParserFromFields === 'function') {
      command.buildParserFromFields = buildParserFromFields
      command.mapRow = map
      if (map !== undefined) command.columnTypes = mapping?.columnTypes
      hooked = true
    }
  })
}
