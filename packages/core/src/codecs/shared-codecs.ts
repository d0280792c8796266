import type { Codec } from '../dialect/dialect.js'
import type { ColumnType } from '../schema/column-type.js'
import { checkBoolean, readBoolean } from './boolean.js'
import { checkBytes, readBytes } from './bytes.js'
import { checkDate, checkTime, readDate, readTime } from './date-time.js'
import { checkDecimal, checkDecimalPrecision, decimalAtScale, readDecimal } from './decimal.js'
import { defineCodec } from './define-codec.js'
import { checkFloat, checkInteger, readFloat, readInteger } from './integers.js'
import { decodeJson, encodeJson } from './json.js'
import { checkEnum, checkText, readText } from './text.js'
import { checkUuid, readUuid } from './uuid.js'

/*
 * Codecs that are the same on every dialect because every driver takes and returns the
 * same raw form once its own parsing is off. A dialect's codec table uses these and
 * defines only what differs (bigint, boolean, timestamp, blob).
 */

export const integerCodec = defineCodec('integer', checkInteger, readInteger)
// real is single precision: PostgreSQL prints a float4 by its shortest float4 digits and
// SQLite keeps a double, so rounding to float32 both ways makes every database agree.
export const realCodec = defineCodec(
  'real',
  (v) => Math.fround(checkFloat('real', v)),
  (v) => Math.fround(readFloat('real', v)),
)
export const doubleCodec = defineCodec(
  'double',
  (v) => checkFloat('double', v),
  (v) => readFloat('double', v),
)
const canonicalNumericCodec = defineCodec('numeric', checkDecimal, readDecimal)
export const textCodec = defineCodec(
  'text',
  (v) => checkText('text', v),
  (v) => readText('text', v),
)
export const varcharCodec = defineCodec(
  'varchar',
  (v) => checkText('varchar', v),
  (v) => readText('varchar', v),
)
export const uuidCodec = defineCodec('uuid', checkUuid, readUuid)
export const dateCodec = defineCodec('date', checkDate, readDate)
export const timeCodec = defineCodec('time', checkTime, readTime)
export const jsonCodec = defineCodec('json', encodeJson, decodeJson)
/** Booleans as 1/0, for databases without a boolean type (MySQL, SQLite). */
export const booleanAsIntegerCodec = defineCodec(
  'boolean',
  (v) => (checkBoolean(v) ? 1 : 0),
  readBoolean,
)
export const blobCodec = defineCodec('blob', checkBytes, readBytes)

const enumCodecs = new WeakMap<ColumnType, Codec>()

/** The codec of one enum type, cached per type object (it checks that type's values). */
export function enumCodec(type: Extract<ColumnType, { kind: 'enum' }>): Codec {
  let codec = enumCodecs.get(type)
  if (codec === undefined) {
    const label = `enum ${type.name}`
    codec = defineCodec(
      label,
      (v) => checkEnum(type.name, type.values, v),
      (v) => readText(label, v),
    )
    enumCodecs.set(type, codec)
  }
  return codec
}

type NumericType = Extract<ColumnType, { kind: 'numeric' }>

/**
 * The scale the database gives the column: NUMERIC(p) means NUMERIC(p, 0); without a
 * precision the compilers declare no scale (PostgreSQL `numeric`, MySQL DECIMAL(65, 30)).
 */
function declaredScale(type: NumericType): number | undefined {
  return type.precision === undefined ? undefined : (type.scale ?? 0)
}

/** Reads a decimal at the column's scale; NaN and ±Infinity (PostgreSQL) read as they are. */
function readAtScale(scale: number) {
  return (value: unknown): string => {
    const text = readDecimal(value)
    return /\d/.test(text) ? decimalAtScale(text, scale) : text
  }
}

const scaledCodecs = new WeakMap<NumericType, Codec>()
const textScaledCodecs = new WeakMap<NumericType, Codec>()

/**
 * The codec of a `numeric` column where the database keeps the decimal exactly and rounds
 * it to the column's scale (PostgreSQL, MySQL): it writes the canonical decimal and reads
 * back exactly `scale` fraction digits (`12.50` in NUMERIC(8, 2)). Without a precision or
 * scale, values read back in canonical form (`12.5`).
 */
export function numericCodec(type: NumericType): Codec {
  const scale = declaredScale(type)
  if (scale === undefined) return canonicalNumericCodec
  let codec = scaledCodecs.get(type)
  if (codec === undefined) {
    codec = defineCodec('numeric', checkDecimal, readAtScale(scale))
    scaledCodecs.set(type, codec)
  }
  return codec
}

/**
 * The codec of a `numeric` column stored as text (SQLite): it does what the other databases
 * do on write, rounding half away from zero to the scale and refusing a value with more
 * whole digits than precision minus scale, so every database stores the same value.
 */
export function numericTextCodec(type: NumericType): Codec {
  const scale = declaredScale(type)
  if (scale === undefined) return canonicalNumericCodec
  let codec = textScaledCodecs.get(type)
  if (codec === undefined) {
    const precision = type.precision
    codec = defineCodec(
      'numeric',
      (v) => {
        const atScale = decimalAtScale(checkDecimal(v), scale)
        return precision === undefined ? atScale : checkDecimalPrecision(atScale, precision, scale)
      },
      readAtScale(scale),
    )
    textScaledCodecs.set(type, codec)
  }
  return codec
}
