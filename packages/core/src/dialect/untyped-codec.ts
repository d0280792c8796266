import { defineCodec, rejectValue } from '../codecs/define-codec.js'
import { checkText } from '../codecs/text.js'
import type { ColumnType } from '../schema/column-type.js'
import type { Codec } from './dialect.js'

const BOOLEAN: ColumnType = { kind: 'boolean' }
const BIGINT: ColumnType = { kind: 'bigint' }
const TIMESTAMP: ColumnType = { kind: 'timestamp', withTimeZone: true }
const BLOB: ColumnType = { kind: 'blob' }

/**
 * The codec of a value whose column type is unknown (a raw `sql` interpolation, an untyped
 * `param()`, an untyped result column). It encodes by the JavaScript value through the
 * dialect's own codecs (a boolean like a boolean column, a Date like a timestamp column, a
 * string like a text column) and refuses what no driver binds safely or no database returns
 * unchanged: objects, arrays, functions, NaN, Infinity, strings with NUL or lone surrogates. It
 * decodes the driver's value unchanged, except integers the adapter read as bigint only
 * because it asked for exact integers: those within 2^53 become numbers.
 *
 * @example
 * const codec = untypedCodec(sqliteCodec)
 * codec.encode(true) // 1
 */
export function untypedCodec(codecOf: (type: ColumnType) => Codec): Codec {
  const boolean = codecOf(BOOLEAN)
  const bigint = codecOf(BIGINT)
  const timestamp = codecOf(TIMESTAMP)
  const blob = codecOf(BLOB)
  return defineCodec(
    'untyped',
    (value) => {
      switch (typeof value) {
        case 'string':
          // Checked like a text column's value: NUL and lone surrogates do not round-trip.
          return checkText('text', value)
        case 'number':
          return Number.isFinite(value)
            ? value
            : rejectValue('untyped', value, 'a finite number (NaN and Infinity do not round-trip)')
        case 'boolean':
          return boolean.encode(value)
        case 'bigint':
          return bigint.encode(value)
        case 'object':
          if (value instanceof Date) return timestamp.encode(value)
          if (value instanceof Uint8Array) return blob.encode(value)
          return rejectValue(
            'untyped',
            value,
            'a string, number, bigint, boolean, Date or Uint8Array; give the value a column type (for JSON, a json() column or cast) instead',
          )
        default:
          return rejectValue(
            'untyped',
            value,
            'a string, number, bigint, boolean, Date or Uint8Array',
          )
      }
    },
    (value) =>
      typeof value === 'bigint' &&
      value <= BigInt(Number.MAX_SAFE_INTEGER) &&
      value >= BigInt(Number.MIN_SAFE_INTEGER)
        ? Number(value)
        : value,
  )
}
