import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/

/**
 * The canonical text of a decimal number, the form `numeric` columns read back as on every
 * database: no exponent, no `+`, no leading zeros, no trailing fractional zeros, no `-0`.
 * PostgreSQL's and MySQL's `12.50` (the column's scale) and SQLite's stored text all read
 * as `12.5`. Returns `undefined` for text that is not a decimal number.
 *
 * @example
 * canonicalDecimal('-000123.4500') // '-123.45'
 * canonicalDecimal('1.5e3')        // '1500'
 */
export function canonicalDecimal(text: string): string | undefined {
  const m = DECIMAL.exec(text.trim())
  if (!m) return undefined
  const [, sign, whole = '', fraction = '', exponent] = m
  if (whole === '' && fraction === '') return undefined
  let digits = whole + fraction
  let point = whole.length + (exponent === undefined ? 0 : Number(exponent))
  if (point < 0) {
    digits = '0'.repeat(-point) + digits
    point = 0
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length)
  }
  const intPart = digits.slice(0, point).replace(/^0+/, '') || '0'
  const fracPart = digits.slice(point).replace(/0+$/, '')
  const body = fracPart === '' ? intPart : `${intPart}.${fracPart}`
  return sign === '-' && body !== '0' ? `-${body}` : body
}

/** Checks a value for a `numeric` column: decimal text, a finite number or a bigint. */
export function checkDecimal(value: unknown): string {
  if (typeof value === 'string') {
    const canonical = canonicalDecimal(value)
    if (canonical !== undefined) return canonical
  } else if (typeof value === 'number' && Number.isFinite(value)) {
    return canonicalDecimal(String(value)) as string
  } else if (typeof value === 'bigint') {
    return value.toString()
  }
  return rejectValue(
    'numeric',
    value,
    "a decimal string such as '12.50' (a number loses digits past 2^53)",
  )
}

/** Reads a `numeric` column from the text (or number) a driver returns, in canonical form. */
export function readDecimal(value: unknown): string {
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'bigint'
        ? String(value)
        : undefined
  // PostgreSQL's numeric also holds NaN and ±Infinity; they read back as written.
  if (text === 'NaN' || text === 'Infinity' || text === '-Infinity') return text
  const canonical = text === undefined ? undefined : canonicalDecimal(text)
  if (canonical !== undefined) return canonical
  throw new UnreadableValueError(
    'numeric',
    `The database returned ${describeValue(value)} for a numeric column.`,
  )
}
