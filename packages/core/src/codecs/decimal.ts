import { InvalidValueError, UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const DECIMAL = /^([+-])?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d{1,4}))?$/

/**
 * The canonical text of a decimal number, the form a `numeric` column without a scale reads
 * back as on every database: no exponent, no `+`, no leading zeros, no trailing fractional
 * zeros, no `-0`. Returns `undefined` for text that is not a decimal number.
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

/**
 * A canonical decimal rounded half away from zero to `scale` fraction digits (as PostgreSQL
 * and MySQL round into a NUMERIC(p, s) column) and written with exactly that many, so
 * `12.5` at scale 2 is `12.50` on every database. Rounding to zero gives `0`, never `-0`.
 *
 * @example
 * decimalAtScale('-12.345', 2) // '-12.35'
 * decimalAtScale('7', 3)       // '7.000'
 */
export function decimalAtScale(canonical: string, scale: number): string {
  const negative = canonical.startsWith('-')
  const [whole = '', fraction = ''] = (negative ? canonical.slice(1) : canonical).split('.')
  let units = BigInt(whole + fraction.slice(0, scale).padEnd(scale, '0'))
  if ((fraction[scale] ?? '0') >= '5') units += 1n
  const digits = units.toString().padStart(scale + 1, '0')
  const point = digits.length - scale
  const body = scale === 0 ? digits : `${digits.slice(0, point)}.${digits.slice(point)}`
  return negative && units !== 0n ? `-${body}` : body
}

/**
 * Checks that a decimal already at `scale` fits NUMERIC(precision, scale), the check
 * PostgreSQL and MySQL make on write, for SQLite where the column is text.
 */
export function checkDecimalPrecision(atScale: string, precision: number, scale: number): string {
  const whole = atScale.replace('-', '').split('.')[0] as string
  const wholeDigits = whole === '0' ? 0 : whole.length
  if (wholeDigits > precision - scale) {
    throw new InvalidValueError(
      'numeric',
      `Cannot write ${atScale} to a numeric(${precision}, ${scale}) column: it holds at most ${precision - scale} digits before the decimal point (numeric field overflow). Write a smaller value, or declare a larger precision.`,
    )
  }
  return atScale
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
