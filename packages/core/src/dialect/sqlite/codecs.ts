import { defineCodec } from '../../codecs/define-codec.js'
import { checkBigint, readBigint } from '../../codecs/integers.js'
import * as shared from '../../codecs/shared-codecs.js'
import { checkTimestamp, isoTimestamp, readTimestamp } from '../../codecs/timestamp.js'
import type { ColumnType } from '../../schema/column-type.js'
import type { Codec } from '../dialect.js'

/*
 * SQLite values. The adapters read integers as bigint (better-sqlite3 safeIntegers, libSQL
 * intMode 'bigint'), or as numbers where `integersMayBeNumbers` allows it, so decode sees
 * bigint, number, text, Buffer or ArrayBuffer. Exact decimals, dates, times and timestamps
 * are stored as text (a NUMERIC column would keep a float and lose digits); timestamps as `Date.prototype.toISOString()` text
 * (`2024-01-02T03:04:05.678Z`), the form the SQLite compiler writes for
 * `currentTimestamp()` and timestamp defaults, so every stored timestamp sorts and compares
 * as text, and SQLite's date functions read it.
 */

const bigintCodec = defineCodec('bigint', checkBigint, readBigint)
const timestampCodec = defineCodec(
  'timestamp',
  (v) => isoTimestamp(checkTimestamp(v)),
  readTimestamp,
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
 * The codec of a column type on SQLite (better-sqlite3, libSQL).
 *
 * @example
 * sqliteCodec({ kind: 'bigint' }).decode(9007199254740993n) // 9007199254740993n
 */
export function sqliteCodec(type: ColumnType): Codec {
  switch (type.kind) {
    case 'numeric':
      return shared.numericTextCodec(type)
    case 'enum':
      return shared.enumCodec(type)
    default:
      return byKind[type.kind]
  }
}
