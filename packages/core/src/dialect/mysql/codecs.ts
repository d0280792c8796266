import { defineCodec } from '../../codecs/define-codec.js'
import { checkBigint, readBigint } from '../../codecs/integers.js'
import * as shared from '../../codecs/shared-codecs.js'
import {
  checkTimestamp,
  formatUtcTimestamp,
  readTimestamp,
  utcMillis,
} from '../../codecs/timestamp.js'
import type { ColumnType } from '../../schema/column-type.js'
import type { Codec } from '../dialect.js'

/*
 * MySQL / MariaDB values. The mysql2 adapter sets dateStrings, supportBigNumbers and
 * bigNumberStrings, pins the connection time zone to UTC and returns TINYINT(1) and JSON
 * raw, so decode sees numbers, decimal text and date text, or a Date for a column declared a
 * timestamp (`ExecuteOptions.columnTypes`); other forms are accepted too.
 */

/** The value of the two ASCII digits at `at`, or NaN when one is not a digit. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48
  const ones = text.charCodeAt(at + 1) - 48
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : Number.NaN
}

/**
 * The adapter's DATETIME text, `YYYY-MM-DD HH:MM:SS` with an optional fraction of up to six
 * digits, read in one pass: on a large result this runs once per row. Undefined for any
 * other form (and for zero dates), which the general parser reads.
 */
function parseDateTimeText(text: string): Date | undefined {
  const n = text.length
  if (n !== 19 && (n < 21 || n > 26)) return undefined
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) {
    return undefined
  }
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
  const month = twoDigits(text, 5)
  const day = twoDigits(text, 8)
  const hour = twoDigits(text, 11)
  const minute = twoDigits(text, 14)
  const second = twoDigits(text, 17)
  let ms = 0
  if (n > 19) {
    if (text.charCodeAt(19) !== 46) return undefined
    // Digits past milliseconds are truncated, as the general parser does.
    for (let i = 20, scale = 100; i < n; i++, scale /= 10) {
      const digit = text.charCodeAt(i) - 48
      if (digit < 0 || digit > 9) return undefined
      if (scale >= 1) ms += digit * scale
    }
  }
  // NaN fails every comparison, so this also refuses non-digits.
  if (
    !(year >= 1 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && minute >= 0 && second >= 0)
  ) {
    return undefined
  }
  return new Date(utcMillis(year, month, day, hour, minute, second, ms))
}

function readDateTime(value: unknown): Date {
  // A Date is the adapter's own, read for this row from a column declared a timestamp.
  if (value instanceof Date) return value
  return (typeof value === 'string' && parseDateTimeText(value)) || readTimestamp(value)
}

const bigintCodec = defineCodec('bigint', (v) => checkBigint(v).toString(), readBigint)
// MySQL has no zone-aware type: both timestamp kinds hold the UTC wall clock, and the
// adapter's UTC session time zone keeps TIMESTAMP columns from shifting it.
const timestampCodec = defineCodec(
  'timestamp',
  (v) => formatUtcTimestamp(checkTimestamp(v)),
  readDateTime,
)

const byKind = {
  integer: shared.integerCodec,
  bigint: bigintCodec,
  real: shared.realCodec,
  double: shared.doubleCodec,
  boolean: shared.booleanAsIntegerCodec,
  text: shared.textCodec,
  varchar: shared.varcharCodec,
  uuid: shared.uuidCodec,
  date: shared.dateCodec,
  time: shared.timeCodec,
  timestamp: timestampCodec,
  json: shared.jsonCodec,
  blob: shared.blobCodec,
} as const satisfies Record<Exclude<ColumnType['kind'], 'numeric' | 'enum'>, Codec>

/**
 * The codec of a column type on MySQL and MariaDB.
 *
 * @example
 * mysqlCodec({ kind: 'boolean' }).decode(1) // true
 */
export function mysqlCodec(type: ColumnType): Codec {
  switch (type.kind) {
    case 'numeric':
      return shared.numericCodec(type)
    case 'enum':
      return shared.enumCodec(type)
    default:
      return byKind[type.kind]
  }
}
