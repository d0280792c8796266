import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(0)
  d.setUTCFullYear(year, month - 1, day)
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day
}

/** Checks a value for a `date` column: a `YYYY-MM-DD` string naming a real calendar day. */
export function checkDate(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null
  if (m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) return value as string
  return rejectValue(
    'date',
    value,
    "a 'YYYY-MM-DD' string naming a real day (from a Date: date.toISOString().slice(0, 10))",
  )
}

/**
 * Reads a `date` column. Adapters ask their driver for the text, which is returned untouched;
 * a Date from a driver that parsed it anyway was made at local midnight, so its local
 * calendar fields are the date.
 */
export function readDate(value: unknown): string {
  if (typeof value === 'string') return value
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    const y = String(value.getFullYear()).padStart(4, '0')
    const m = String(value.getMonth() + 1).padStart(2, '0')
    const d = String(value.getDate()).padStart(2, '0')
    return `${y}-${m}-${d}`
  }
  throw new UnreadableValueError(
    'date',
    `The database returned ${describeValue(value)} for a date column.`,
  )
}

const TIME = /^(-?\d{2,3}):(\d{2})(?::(\d{2})(?:\.(\d{1,6})\d*)?)?$/

/**
 * The canonical text of a time of day, the form `time` columns read back as on every
 * database: `HH:MM:SS`, plus a fraction without trailing zeros when it is not zero.
 *
 * @example
 * canonicalTime('09:30')            // '09:30:00'
 * canonicalTime('09:30:00.120000')  // '09:30:00.12'
 */
export function canonicalTime(text: string): string | undefined {
  const m = TIME.exec(text)
  if (!m) return undefined
  const fraction = (m[4] ?? '').replace(/0+$/, '')
  const base = `${m[1]}:${m[2]}:${m[3] ?? '00'}`
  return fraction === '' ? base : `${base}.${fraction}`
}

/** Checks a value for a `time` column: an `HH:MM[:SS[.ffffff]]` string. */
export function checkTime(value: unknown): string {
  const canonical = typeof value === 'string' ? canonicalTime(value) : undefined
  if (canonical !== undefined) return canonical
  return rejectValue(
    'time',
    value,
    "an 'HH:MM:SS' string, optionally with a fraction ('09:30:00.25')",
  )
}

/** Reads a `time` column in canonical form. */
export function readTime(value: unknown): string {
  if (typeof value === 'string') return canonicalTime(value) ?? value
  throw new UnreadableValueError(
    'time',
    `The database returned ${describeValue(value)} for a time column.`,
  )
}
