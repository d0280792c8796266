import { checkBoolean, readBoolean } from '../../codecs/boolean.js'
import { checkBytes, readByteaText, readBytes } from '../../codecs/bytes.js'
import { defineCodec } from '../../codecs/define-codec.js'
import { checkBigint, readBigint } from '../../codecs/integers.js'
import * as shared from '../../codecs/shared-codecs.js'
import { checkTimestamp, formatUtcTimestamp, readTimestamp } from '../../codecs/timestamp.js'
import type { ColumnType } from '../../schema/column-type.js'
import type { Codec } from '../dialect.js'

/*
 * PostgreSQL values. The pg adapter turns every type parser off, so decode sees the text
 * output of each type ('t', '123', '\x01ff', '2024-01-02 03:04:05.678+00'); other forms
 * are accepted too, for drivers that parse.
 */

const bigintCodec = defineCodec('bigint', (v) => checkBigint(v).toString(), readBigint)
const booleanCodec = defineCodec('boolean', checkBoolean, readBoolean)
// timestamp without time zone holds the UTC wall clock; timestamptz gets an explicit
// offset so the session's TimeZone setting never shifts the instant.
const timestampCodec = defineCodec(
  'timestamp',
  (v) => formatUtcTimestamp(checkTimestamp(v)),
  readTimestamp,
)
const timestamptzCodec = defineCodec(
  'timestamp',
  (v) => `${formatUtcTimestamp(checkTimestamp(v))}+00:00`,
  readTimestamp,
)
const byteaCodec = defineCodec('blob', checkBytes, (v) =>
  typeof v === 'string' ? readByteaText(v) : readBytes(v),
)

const byKind = {
  integer: shared.integerCodec,
  bigint: bigintCodec,
  real: shared.realCodec,
  double: shared.doubleCodec,
  boolean: booleanCodec,
  text: shared.textCodec,
  varchar: shared.varcharCodec,
  uuid: shared.uuidCodec,
  date: shared.dateCodec,
  time: shared.timeCodec,
  json: shared.jsonCodec,
  blob: byteaCodec,
} as const satisfies Record<Exclude<ColumnType['kind'], 'numeric' | 'timestamp' | 'enum'>, Codec>

/**
 * The codec of a column type on PostgreSQL.
 *
 * @example
 * postgresCodec({ kind: 'bigint' }).decode('9007199254740993') // 9007199254740993n
 */
export function postgresCodec(type: ColumnType): Codec {
  switch (type.kind) {
    case 'timestamp':
      return type.withTimeZone ? timestamptzCodec : timestampCodec
    case 'numeric':
      return shared.numericCodec(type)
    case 'enum':
      return shared.enumCodec(type)
    default:
      return byKind[type.kind]
  }
}
