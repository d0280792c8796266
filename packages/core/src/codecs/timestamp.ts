import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

const DAY_MS = 86_400_000
/** Days from 0000-03-01 to 1970-01-01: the calendar arithmetic counts years from March. */
const MARCH_ZERO_TO_EPOCH_DAYS = 719_468
/** Days in one 400-year era of the Gregorian calendar. */
const ERA_DAYS = 146_097
/** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z: the years a timestamp column takes. */
const FIRST_MS = -62_135_596_800_000
const END_MS = 253_402_300_800_000
/** '0000-01-01T00:00:00Z': from here on every year has four digits. */
const YEAR_ZERO_MS = -62_167_219_200_000

/** Checks a value for a `timestamp` column: a valid Date within the years 1 to 9999. */
export function checkTimestamp(value: unknown): Date {
  if (value instanceof Date) {
    // A NaN time fails both comparisons.
    const ms = value.getTime()
    if (ms >= FIRST_MS && ms < END_MS) return value
  }
  return rejectValue(
    'timestamp',
    value,
    "a valid Date between the years 1 and 9999 (from text: new Date('2024-01-02T03:04:05Z'))",
  )
}

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => pad(i))
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => pad(i, 3))

/**
 * `YYYY-MM-DD<separator>HH:MM:SS.mmm<zone>` of a time in the years 0 to 9999, by integer
 * arithmetic (the inverse of `utcMillis`) and digit tables: writing a timestamp for every row
 * of a large insert, `toISOString` costs about three times as much, and the `getUTC*`
 * getters each take the time apart again.
 */
function utcText(ms: number, separator: string, zone: string): string {
  const days = Math.floor(ms / DAY_MS)
  const inDay = ms - days * DAY_MS
  // Days counted from 0000-03-01, in 400-year eras, so the leap day ends its year.
  const shifted = days + MARCH_ZERO_TO_EPOCH_DAYS
  const era = Math.floor(shifted / ERA_DAYS)
  const dayOfEra = shifted - era * ERA_DAYS
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  )
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100))
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153)
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
  const seconds = Math.floor(inDay / 1000)
  const minutes = Math.floor(seconds / 60)
  return `${TWO_DIGITS[Math.floor(year / 100)]}${TWO_DIGITS[year % 100]}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}${separator}${TWO_DIGITS[Math.floor(minutes / 60)]}:${TWO_DIGITS[minutes % 60]}:${TWO_DIGITS[seconds % 60]}.${THREE_DIGITS[inDay - seconds * 1000]}${zone}`
}

/**
 * A Date as UTC wall-clock text, `YYYY-MM-DD HH:MM:SS.mmm`: how timestamps are written where
 * the database has no zone-aware type (and the form SQLite's own date functions read).
 *
 * @example
 * formatUtcTimestamp(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6))) // '2024-01-02 03:04:05.006'
 */
export function formatUtcTimestamp(date: Date): string {
  const ms = date.getTime()
  if (ms >= YEAR_ZERO_MS && ms < END_MS) return utcText(ms, ' ', '')
  return (
    `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`
  )
}

/**
 * `date.toISOString()` for a Date that {@link checkTimestamp} accepted (years 1 to 9999),
 * the same text at a third of the cost.
 */
export function isoTimestamp(date: Date): string {
  return utcText(date.getTime(), 'T', 'Z')
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
  return parseCommonTimestamp(text) ?? parseAnyTimestamp(text)
}

/** The value of the two ASCII digits at `start`, or -1 when one is not a digit. */
function twoDigitsAt(text: string, start: number): number {
  const tens = text.charCodeAt(start) - 48
  const ones = text.charCodeAt(start + 1) - 48
  // Unsigned, a code below '0' is as large as one above '9'.
  return tens >>> 0 > 9 || ones >>> 0 > 9 ? -1 : tens * 10 + ones
}

/**
 * The form every driver returns for almost every row, `YYYY-MM-DD HH:MM:SS[.f][±HH[:MM]|Z]`
 * with a four-digit year from 100 on, read without a regular expression: reading 100,000
 * rows spends most of its time here. Undefined for anything else, which `parseAnyTimestamp`
 * reads instead.
 */
function parseCommonTimestamp(text: string): Date | undefined {
  const n = text.length
  if (
    n < 19 ||
    text.charCodeAt(4) !== 45 ||
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(13) !== 58 ||
    text.charCodeAt(16) !== 58
  ) {
    return undefined
  }
  const separator = text.charCodeAt(10)
  if (separator !== 32 && separator !== 84 && separator !== 116) return undefined
  const high = twoDigitsAt(text, 0)
  const low = twoDigitsAt(text, 2)
  const year = high < 0 || low < 0 ? -1 : high * 100 + low
  const month = twoDigitsAt(text, 5)
  const day = twoDigitsAt(text, 8)
  const hour = twoDigitsAt(text, 11)
  const minute = twoDigitsAt(text, 14)
  const second = twoDigitsAt(text, 17)
  // A month out of range goes to parseAnyTimestamp, which carries it over into the year.
  if (year < 0 || month < 1 || month > 12 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return undefined
  }
  let i = 19
  let ms = 0
  if (i < n && text.charCodeAt(i) === 46) {
    const start = ++i
    let scale = 100
    for (; i < n; i++) {
      const digit = text.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) break
      // Digits past milliseconds are truncated, as parseAnyTimestamp does.
      ms += digit * scale
      scale = scale >= 10 ? scale / 10 : 0
    }
    if (i === start) return undefined
  }
  let offsetMs = 0
  if (i < n) {
    const sign = text.charCodeAt(i)
    if ((sign === 90 || sign === 122) && i + 1 === n) {
      offsetMs = 0
    } else if (sign === 43 || sign === 45) {
      const rest = n - i - 1
      const h = twoDigitsAt(text, i + 1)
      let m = 0
      if (rest === 4) m = twoDigitsAt(text, i + 3)
      else if (rest === 5 && text.charCodeAt(i + 3) === 58) m = twoDigitsAt(text, i + 4)
      else if (rest !== 2) return undefined
      if (h < 0 || m < 0) return undefined
      offsetMs = (sign === 45 ? -1 : 1) * (h * 3600 + m * 60) * 1000
    } else {
      return undefined
    }
  }
  return new Date(utcMillis(year, month, day, hour, minute, second, ms) - offsetMs)
}

/**
 * Epoch milliseconds of a UTC wall-clock time, month 1 to 12, by integer arithmetic on the
 * proleptic Gregorian calendar: `Date.UTC` costs a third of parsing a timestamp, and it reads
 * the years 0 to 99 as 1900 to 1999. Days, hours, minutes and seconds past their range carry
 * over as they do in `Date.UTC`; a month outside 1 to 12 gives NaN (an invalid Date).
 *
 * @example
 * utcMillis(2024, 1, 2, 3, 4, 5, 678) === Date.UTC(2024, 0, 2, 3, 4, 5, 678) // true
 */
export function utcMillis(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  ms: number,
): number {
  if (month < 1 || month > 12) return Number.NaN
  // Years counted from March, so the leap day is the last day of its year.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yearOfEra = y - era * 400
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear
  const days = era * ERA_DAYS + dayOfEra - MARCH_ZERO_TO_EPOCH_DAYS
  return days * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000 + ms
}

/** Every form `parseTimestamp` accepts, through the full pattern. */
function parseAnyTimestamp(text: string): Date | undefined {
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
