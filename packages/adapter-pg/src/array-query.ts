import pg from 'pg'
import type { PgField, PgQueryConfig, PgQueryResult } from './pg-types.js'

type Answer = PgQueryResult | PgQueryResult[]

/** The parts of pg's Query (lib/query.js) this subclass touches, untyped in @types/pg. */
interface QueryInternals {
  _checkForMultirow(): void
  readonly _result: { fields: readonly PgField[]; readonly rows: unknown[][] }
}

/**
 * pg's Query without the work that array rows of raw text do not need. For every answer pg
 * builds a keyed row template from the column names (Result.addFields, about 2 µs for eight
 * columns, the costliest step of a short query), and copies every row into a new array
 * through a parser per value. The array pg-protocol parsed a row into is already a fresh
 * array of the server's texts (null for NULL), which is what core wants; the parsers are
 * identities here anyway. Everything else (protocol flow, named statements, errors, several
 * results of one simple query) is pg's own.
 */
export class ArrayQuery extends pg.Query {
  constructor(
    config: PgQueryConfig,
    values: readonly unknown[],
    callback: (error: Error | null | undefined, answer: Answer) => void,
  ) {
    super(config as pg.QueryConfig, values as unknown[], callback as never)
  }

  handleRowDescription(message: { readonly fields: readonly PgField[] }): void {
    const self = this as unknown as QueryInternals
    self._checkForMultirow()
    self._result.fields = message.fields
  }

  handleDataRow(message: { readonly fields: unknown[] }): void {
    ;(this as unknown as QueryInternals)._result.rows.push(message.fields)
  }
}
