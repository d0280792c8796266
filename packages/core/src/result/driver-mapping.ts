import type { ExecuteOptions } from '../driver/contract.js'
import { ResultShapeError } from '../errors/session-errors.js'
import type { RowMapper } from './mapper.js'

type Raw = readonly unknown[]

/*
 * Row mappers handed to a driver (`ExecuteOptions.mapRow`), so a driver that reads rows one
 * at a time maps each as it reads it and never holds a whole result in both forms. What such
 * a mapper throws is boxed in a `MappingFailure`: the session must tell a row it could not
 * decode (its own error; the transaction is fine) from a statement the database refused
 * (which fails the session).
 */

/** Carries what a row mapper threw out through the driver's `execute`. */
export class MappingFailure extends Error {
  readonly error: unknown

  constructor(error: unknown) {
    super('A row could not be mapped; core unwraps this error before the caller sees it.')
    this.error = error
  }
}

/** The execute options of both views of one statement shape, made once per shape. */
export interface DriverMapping {
  /** Maps a row to its tuple: `execute()` and `tuples()`. */
  readonly tuples: ExecuteOptions
  /** Maps a row to its first element: `scalars()`. */
  readonly scalars: ExecuteOptions
  /** `scalars`, for `scalar()`: of a read, the first row only. */
  readonly scalar: ExecuteOptions
}

/** `reads`: the statement only reads, so a driver may stop after the first row for `scalar()`. */
export function driverMapping(mapper: RowMapper, reads: boolean): DriverMapping {
  const first = boxed(mapper.first, mapper.width)
  const columnTypes = mapper.columnTypes
  const scalars = Object.freeze({ mapRow: first, columnTypes })
  return Object.freeze({
    tuples: Object.freeze({ mapRow: boxed(mapper.tuple, mapper.width), columnTypes }),
    scalars,
    scalar: reads ? Object.freeze({ mapRow: first, columnTypes, firstRowOnly: true }) : scalars,
  })
}

function boxed(map: (row: Raw) => unknown, width: number): (row: Raw) => unknown {
  return (row) => {
    if (row.length !== width) throw new MappingFailure(widthError(row.length, width))
    try {
      return map(row)
    } catch (error) {
      throw new MappingFailure(error)
    }
  }
}

/** A result whose rows are not as wide as the statement's shape says. */
export function widthError(got: number, expected: number): ResultShapeError {
  return new ResultShapeError(
    `The statement returned ${got} columns and its result shape expects ${expected}: a raw sql statement must select exactly the columns its shape lists.`,
  )
}

/**
 * The options one execution passes to the driver: the statement's own (a timeout) plus the
 * row mapper of the view the caller asked for.
 */
export function withMapping(
  options: ExecuteOptions | undefined,
  mapping: ExecuteOptions | undefined,
): ExecuteOptions | undefined {
  if (mapping === undefined) return options
  if (options === undefined) return mapping
  return {
    ...options,
    mapRow: mapping.mapRow,
    columnTypes: mapping.columnTypes,
    firstRowOnly: mapping.firstRowOnly,
  }
}
