import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** Checks a value for a `timestamp` column: a valid Date within the years 1 to 9999. */
export function checkTimestamp(value: unknown): Date {
  if (value instanceof Date) {
    const year = value.getUTCFullYear()
    if (year >= 1 && year <= 9999) return value
  }
  return rejectValue(
    'timestamp',
    value,
    "a valid Date between the years 1 and 9999 (from text: new Date('2024-01-02T03:04:05Z'))",
  )
}

/**
 * A Date as UTC wall-clock text, `YYYY-MM-DD HH:MM:SS.mmm`: how timestamps are written where
 * the database has no zone-aware type (and the form SQLite's own date functions read).
 *
 * @example
 * formatUtcTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))) // '2024-01-02 03:04:05.006'
 */
export function formatUtcTimestamp(date: Date): string {
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  )
}

const TIMESTAMP =
  /^(\d{4,6})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?( BC)?$/i

function offsetSeconds(zone: string): number {
  if (zone === 'Z' || zone === 'z') return 0
  const sign = zone[0] === '-' ? -1 : 1
  const digits = zone.slice(1).replaceAll(':', '')
  const h = Number(digits.slice(0, 2))
  const m = Number(digits.slice(2, 4) || '0')
  const s = Number(digits.slice(4, 6) || '0')
  return sign * (h * 3600 + m * 60 + s)
}

/**
 * Parses the timestamp text databases return: `2024-01-02 03:04:05.678+00` (PostgreSQL
 * timestamptz, any offset including seconds), `2024-01-02 03:04:05.678` (no zone: UTC wall
 * clock), ISO 8601 with `T` and `Z`. Fractions beyond milliseconds are truncated.
 * Returns `undefined` for anything else.
 *
 * @example
 * parseTimestamp('2024-01-02 03:04:05.678+00')?.toISOString() // '2024-01-02T03:04:05.678Z'
 */
export function parseTimestamp(text: string): Date | undefined {
  const m = TIMESTAMP.exec(text)
  if (!m) return undefined
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone, bc] = m
  const year = bc ? 1 - Number(y) : Number(y)
  const date = new Date(0)
  date.setUTCFullYear(year, Number(mo) - 1, Number(d))
  date.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, '0')))
  const time = date.getTime() - (zone === undefined ? 0 : offsetSeconds(zone) * 1000)
  return new Date(time)
}

// PostgreSQL's special values, as the extreme Dates JavaScript can represent.
const MAX_DATE = 8.64e15

/** Reads a timestamp from the text a driver returns, a Date, or epoch milliseconds. */
export function readTimestamp(value: unknown): Date {
  if (typeof value === 'string') {
    const parsed = parseTimestamp(value)
    if (parsed !== undefined) return parsed
    if (value === 'infinity') return new Date(MAX_DATE)
    if (value === '-infinity') return new Date(-MAX_DATE)
  } else if (value instanceof Date) {
    return new Date(value.getTime())
  } else if (typeof value === 'number' || typeof value === 'bigint') {
    return new Date(Number(value))
  }
  throw new UnreadableValueError(
    'timestamp',
    `The database returned ${describeValue(value)} for a timestamp column.`,
  )
}
