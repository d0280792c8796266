import type { ExecuteOptions } from '@nakedsql/core'
import pg from 'pg'
import type { PgField, PgQueryConfig, PgQueryResult } from './pg-types.js'

/** What pg answers: one result, or one per statement of a parameterless multi-statement text. */
export type Answer = PgQueryResult | PgQueryResult[]

type MapRow = NonNullable<ExecuteOptions['mapRow']>

/** The parts of pg's Query (lib/query.js) this subclass touches, untyped in @types/pg. */
interface QueryInternals {
  _checkForMultirow(): void
  readonly _result: { fields: readonly PgField[]; readonly rows: unknown[] }
  /** What pg hands its callback: `_result`, or every result of a multi-statement text. */
  readonly _results: Answer
  handleError(error: Error, wire: Wire): void
  prepare(connection: ExtendedProtocol): void
  hasBeenParsed(connection: ExtendedProtocol): boolean
}

/** The messages of pg's Connection (lib/connection.js) that send the extended protocol. */
interface ExtendedProtocol {
  parse(message: { text: string; name: string; types: readonly number[] }): void
  bind(message: { portal: string; statement: string; values: readonly unknown[] }): void
  execute(message: { portal: string; rows: number }): void
}

/** pg's Connection (lib/connection.js): it emits each protocol message it parses by name. */
interface Wire {
  on(event: string, listener: () => void): unknown
  off(event: string, listener: () => void): unknown
}

/** Every server error but a fatal one is followed by a ReadyForQuery; a fatal one closes. */
function readyForQueryFollows(error: Error): boolean {
  return (
    error instanceof pg.DatabaseError && error.severity !== 'FATAL' && error.severity !== 'PANIC'
  )
}

/**
 * pg's Query without the work that array rows of raw text do not need. For every answer pg
 * builds a keyed row template from the column names (Result.addFields, about 2 µs for eight
 * columns, the costliest step of a short query), and copies every row into a new array
 * through a parser per value. The array pg-protocol parsed a row into is already a fresh
 * array of the server's texts (null for NULL), which is what core wants; the parsers are
 * identities here anyway. Everything else (protocol flow, named statements, errors, several
 * results of one simple query) is pg's own.
 *
 * Given core's row mapper, it maps each row as it arrives, so a large read never holds all of
 * its rows both as texts and as entities. What the mapper throws stops the mapping and waits
 * in `mapFailure`: the protocol must still run to its end, and the statement did run.
 */
export class ArrayQuery extends pg.Query {
  readonly #map: MapRow | undefined
  readonly #before: readonly string[] | undefined
  readonly #parsed: boolean
  /** What the row mapper threw, if it did: the caller throws it once the answer is in. */
  mapFailure: unknown

  /**
   * `before`: parameterless statements (a deferred BEGIN) sent ahead of this one in the same
   * write and answered by the same ReadyForQuery. Only for a statement with parameters (sent
   * with the extended protocol) whose name, if it has one, the connection has parsed: pg counts
   * any ParseComplete as the named statement's, and one of `before` could otherwise stand for
   * a Parse that then failed.
   */
  constructor(
    config: PgQueryConfig,
    values: readonly unknown[],
    map: MapRow | undefined,
    callback: (error: Error | null | undefined) => void,
    before?: readonly string[],
    parsed = false,
  ) {
    super(config as pg.QueryConfig, values as unknown[], callback as never)
    this.#map = map
    this.#before = before
    this.#parsed = parsed
  }

  /**
   * True for an unnamed statement the server already holds as its unnamed statement (the
   * caller knows): pg then binds it again without a Parse.
   */
  hasBeenParsed(connection: ExtendedProtocol): boolean {
    return (
      this.#parsed ||
      (pg.Query.prototype as unknown as QueryInternals).hasBeenParsed.call(this, connection)
    )
  }

  /**
   * Parse, Bind and Execute of each statement of `before` on the unnamed statement and portal,
   * then pg's own messages for this statement, ending with the one Sync. The server runs them
   * in order and skips the rest after an error, so this statement never runs without them.
   */
  prepare(connection: ExtendedProtocol): void {
    const before = this.#before
    if (before !== undefined) {
      for (const text of before) {
        connection.parse({ text, name: '', types: [] })
        connection.bind({ portal: '', statement: '', values: [] })
        connection.execute({ portal: '', rows: 0 })
      }
    }
    ;(pg.Query.prototype as unknown as QueryInternals).prepare.call(this, connection)
  }

  /** The answer, once the callback said it is complete. */
  get answer(): Answer {
    return (this as unknown as QueryInternals)._results
  }

  handleRowDescription(message: { readonly fields: readonly PgField[] }): void {
    const self = this as unknown as QueryInternals
    self._checkForMultirow()
    self._result.fields = message.fields
  }

  handleDataRow(message: { readonly fields: unknown[] }): void {
    const rows = (this as unknown as QueryInternals)._result.rows
    const map = this.#map
    if (map === undefined) {
      rows.push(message.fields)
      return
    }
    if (this.mapFailure !== undefined) return
    try {
      rows.push(map(message.fields))
    } catch (error) {
      this.mapFailure = error
    }
  }

  /**
   * pg answers a failed query on the server's ErrorResponse, before the ReadyForQuery that
   * carries the new transaction status; when the two arrive in separate reads, the caller
   * would see the status from before the error (a failed COMMIT still 'in a transaction', so
   * its connection is thrown away). The answer waits for that message, or for the socket to
   * end. pg's own listener on the wire was added first, so the status is current by then.
   */
  handleError(error: Error, wire: Wire): void {
    const answer = (): void => {
      wire.off('readyForQuery', answer)
      wire.off('end', answer)
      wire.off('error', answer)
      ;(pg.Query.prototype as unknown as QueryInternals).handleError.call(this, error, wire)
    }
    if (!readyForQueryFollows(error)) {
      answer()
      return
    }
    wire.on('readyForQuery', answer)
    wire.on('end', answer)
    wire.on('error', answer)
  }
}
