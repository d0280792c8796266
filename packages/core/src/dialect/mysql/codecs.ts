import { defineCodec } from '../../codecs/define-codec.js'
import { checkBigint, readBigint } from '../../codecs/integers.js'
import * as shared from '../../codecs/shared-codecs.js'
import { checkTimestamp, formatUtcTimestamp, readTimestamp } from '../../codecs/timestamp.js'
import type { ColumnType } from '../../schema/column-type.js'
import type { Codec } from '../dialect.js'

/*
 * MySQL / MariaDB values. The mysql2 adapter sets dateStrings, supportBigNumbers and
 * bigNumberStrings, pins the connection time zone to UTC and returns TINYINT(1) and JSON
 * raw, so decode sees numbers, decimal text and date text; other forms are accepted too.
 */

const bigintCodec = defineCodec('bigint', (v) => checkBigint(v).toString(), readBigint)
// MySQL has no zone-aware type: both timestamp kinds hold the UTC wall clock, and the
// adapter's UTC session time zone keeps TIMESTAMP columns from shifting it.
const timestampCodec = defineCodec(
  'timestamp',
  (v) => formatUtcTimestamp(checkTimestamp(v)),
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
