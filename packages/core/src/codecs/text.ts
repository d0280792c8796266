import { InvalidValueError, UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

/**
 * Checks a value for a text-like column. NUL and lone surrogates are refused on every
 * database because some cannot store them (PostgreSQL rejects NUL, libSQL cuts the text at
 * it, UTF-8 turns a lone surrogate into U+FFFD), and a value must read back as written.
 */
export function checkText(columnType: string, value: unknown): string {
  if (typeof value !== 'string') return rejectValue(columnType, value, 'a string')
  if (value.includes('\0')) {
    throw new InvalidValueError(
      columnType,
      `A ${columnType} value contains the NUL character (U+0000), which PostgreSQL refuses and libSQL truncates at: remove it, or store the bytes in a blob() column.`,
    )
  }
  if (!value.isWellFormed()) {
    throw new InvalidValueError(
      columnType,
      `A ${columnType} value contains a lone UTF-16 surrogate, which no database stores unchanged: repair the string (String.prototype.toWellFormed()) before writing it.`,
    )
  }
  return value
}

const utf8 = new TextDecoder()

/** Reads text, accepting bytes a driver returns for binary collations. */
export function readText(columnType: string, value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Uint8Array) return utf8.decode(value)
  throw new UnreadableValueError(
    columnType,
    `The database returned ${describeValue(value)} for a ${columnType} column.`,
  )
}

/** Checks a value for an enum column: one of its declared strings. */
export function checkEnum(name: string, values: readonly string[], value: unknown): string {
  if (typeof value === 'string' && values.includes(value)) return value
  return rejectValue(
    `enum ${name}`,
    value,
    `one of ${values.map((v) => JSON.stringify(v)).join(', ')}`,
  )
}
