import type { PgField, PgQueryConfig } from './pg-types.js'
import { statementName } from './statement-name.js'

/**
 * Every value comes back as the text the server sent; core's codecs decide what it becomes.
 * ArrayQuery already keeps the texts without asking pg to parse them; array rows and these
 * identity parsers keep that true should a pg version parse rows outside the methods it
 * overrides.
 */
const rawText = (value: string): string => value
const RAW_TYPES: PgQueryConfig['types'] = { getTypeParser: () => rawText }

/** Enough for every statement of an application; a stream of one-off texts only recycles them. */
const MAX_TEXTS = 1000

/** What one SQL text is sent with, and the column names of its last answer. */
export interface PgStatement {
  readonly config: PgQueryConfig
  columns: readonly string[]
}

/**
 * One query config per SQL text, made once. pg copies every query config it is given, own
 * property by property (about 2 µs for five of them, more than the rest of sending a query),
 * but takes the copy's prototype as it is: so each config keeps its fields on its prototype
 * and has no own property at all; the values travel beside it.
 */
export class QueryConfigs {
  readonly #namedStatements: boolean
  readonly #plain = new Map<string, PgStatement>()
  readonly #named = new Map<string, PgStatement>()

  constructor(namedStatements: boolean) {
    this.#namedStatements = namedStatements
  }

  /** A statement without parameters is never named: there is nothing to reuse its plan for. */
  get(sql: string, parameterCount: number): PgStatement {
    const named = this.#namedStatements && parameterCount > 0
    const cache = named ? this.#named : this.#plain
    let statement = cache.get(sql)
    if (statement === undefined) {
      if (cache.size >= MAX_TEXTS) cache.delete(cache.keys().next().value!)
      const fields: PgQueryConfig = named
        ? { text: sql, name: statementName(sql), rowMode: 'array', types: RAW_TYPES }
        : { text: sql, rowMode: 'array', types: RAW_TYPES }
      statement = { config: Object.create(fields) as PgQueryConfig, columns: [] }
      cache.set(sql, statement)
    }
    return statement
  }
}

/** The answer's column names, as the same array as last time when they did not change. */
export function columnsOf(statement: PgStatement, fields: readonly PgField[]): readonly string[] {
  const last = statement.columns
  let same = last.length === fields.length
  for (let i = 0; same && i < fields.length; i++) same = last[i] === fields[i]!.name
  if (!same) statement.columns = Object.freeze(fields.map((field) => field.name))
  return statement.columns
}
