import type { Codec } from '../dialect/dialect.js'
import { InvalidValueError } from '../errors/value-errors.js'
import { describeValue } from './describe-value.js'

/**
 * Where a codec made by `defineCodec` keeps its decode function for non-NULL values, so the
 * row mapper, which tests for NULL itself, calls it without the wrapper's second test.
 */
export const decodeNonNull: unique symbol = Symbol('nakedsql.decodeNonNull')

/** The codec's decode for values already known not to be NULL. */
export function nonNullDecoder(codec: Codec): (value: unknown) => unknown {
  const own = (codec as { [decodeNonNull]?: (value: unknown) => unknown })[decodeNonNull]
  return own ?? ((value) => codec.decode(value))
}

/**
 * Builds a codec from functions that only ever see non-NULL values: `null` is NULL both ways,
 * and `undefined` is rejected, because a missing value must never silently become NULL.
 *
 * @example
 * const upper = defineCodec('text', (v) => String(v).toUpperCase(), (v) => v)
 */
export function defineCodec(
  columnType: string,
  encode: (value: unknown) => unknown,
  decode: (value: unknown) => unknown,
): Codec {
  return Object.freeze({
    encode(value: unknown): unknown {
      if (value === null) return null
      if (value === undefined) {
        throw new InvalidValueError(
          columnType,
          `undefined is not a value for a ${columnType} column: pass null to write NULL, or leave the property out of the insert.`,
        )
      }
      return encode(value)
    },
    decode(value: unknown): unknown {
      return value === null || value === undefined ? null : decode(value)
    },
    [decodeNonNull]: decode,
  })
}

/** Throws the error for a JavaScript value of the wrong type for `columnType`. */
export function rejectValue(columnType: string, value: unknown, expected: string): never {
  throw new InvalidValueError(
    columnType,
    `Cannot write ${describeValue(value)} to a ${columnType} column: pass ${expected}.`,
  )
}
