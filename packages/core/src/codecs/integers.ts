import { InvalidValueError, UnreadableValueError } from '../errors/value-errors.js'
import type { ColumnType } from '../schema/column-type.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

/** Checks a value for an `integer` column: a safe integer `number`. */
export function checkInteger(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return value
  return rejectValue(
    'integer',
    value,
    'an integer number (use bigint() columns and bigint values beyond 2^53)',
  )
}

/** Reads an `integer` column from a number, a bigint (SQLite safe integers) or decimal text. */
export function readInteger(value: unknown): number {
  // A number is checked too: a driver may return 64-bit integers as (inexact) numbers.
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'bigint' || typeof value === 'string'
        ? Number(value)
        : Number.NaN
  if (Number.isSafeInteger(n)) return n
  throw new UnreadableValueError(
    'integer',
    `The database returned ${describeValue(value)} for an integer column, which is not an integer a JavaScript number holds exactly: declare the column as bigint().`,
  )
}

const INTEGER_TEXT = /^-?\d+$/

/** Checks a value for a `bigint` column: a `bigint`, a safe integer number or integer text. */
export function checkBigint(value: unknown): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value)
  return rejectValue('bigint', value, 'a bigint such as 9007199254740993n')
}

/** Reads a `bigint` column from text (pg, mysql2 big number strings), a bigint or a number. */
export function readBigint(value: unknown): bigint {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  if (typeof value === 'string' && INTEGER_TEXT.test(value)) return BigInt(value)
  throw new UnreadableValueError(
    'bigint',
    `The database returned ${describeValue(value)} for a bigint column, which is not an exact integer. Its driver must return 64-bit integers as text or bigint (see the adapter's settings).`,
  )
}

/** Checks a value for a `real` or `double` column: a finite number. */
export function checkFloat(columnType: string, value: unknown): number {
  // SQLite turns NaN into NULL and MySQL refuses NaN and Infinity: only finite numbers travel alike.
  if (typeof value === 'number' && Number.isFinite(value)) return value
  return rejectValue(columnType, value, 'a finite number')
}

/** Reads a float column from a number, its text form, or a bigint (SQLite integral values). */
export function readFloat(columnType: string, value: unknown): number {
  if (typeof value === 'number') return value
  if (typeof value === 'string' || typeof value === 'bigint') {
    const n = Number(value)
    if (!Number.isNaN(n) || value === 'NaN') return n
  }
  throw new UnreadableValueError(
    columnType,
    `The database returned ${describeValue(value)} for a ${columnType} column.`,
  )
}

/**
 * The type of a LIMIT or OFFSET value. The binder recognises it by identity and checks the
 * value is a row count: a negative one means "no limit" to SQLite and is an error elsewhere,
 * so it must never reach a database.
 */
export const ROW_COUNT_TYPE: ColumnType = Object.freeze({ kind: 'integer' })

/** Checks a LIMIT or OFFSET value given through `param()`: a non-negative safe integer. */
export function checkRowCount(value: unknown): unknown {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value
  throw new InvalidValueError(
    'integer',
    `A limit or offset must be a whole number of at least 0, not ${describeValue(value)}: check the value given for its param().`,
  )
}
