import type { ColumnType } from '../../src/index.js'

/**
 * The values every database must store and return unchanged through the codecs: one case
 * per column type, each value with the JavaScript value it must read back as (the same
 * value unless the type has a canonical form).
 */
export interface RoundTripCase {
  readonly column: string
  readonly type: ColumnType
  readonly values: readonly (readonly [written: unknown, readBack: unknown])[]
}

const same = (...values: unknown[]) => values.map((v) => [v, v] as const)
/** A decimal written with exactly `scale` fraction digits. */
const atScale = (whole: string, fraction: string, scale: number) =>
  `${whole}.${fraction.padEnd(scale, '0')}`
const utc = (...parts: [number, number, number, number?, number?, number?, number?]) =>
  new Date(Date.UTC(...(parts as [number, number, number, number, number, number, number])))

export const MOOD = {
  kind: 'enum',
  name: 'codec_mood',
  values: ['happy', 'sad', 'ünïcode 😀'],
} as const

const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i)
const megabyte = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 256)

export const ROUND_TRIP_CASES: readonly RoundTripCase[] = [
  { column: 'i', type: { kind: 'integer' }, values: same(0, -1, 1, 2147483647, -2147483648) },
  {
    column: 'b',
    type: { kind: 'bigint' },
    values: same(
      0n,
      9007199254740993n,
      -9007199254740993n,
      9223372036854775807n,
      -9223372036854775808n,
    ),
  },
  {
    column: 'r',
    type: { kind: 'real' },
    values: [
      [0.5, 0.5],
      [-1.25, -1.25],
      [0.1, Math.fround(0.1)],
      [3.4028234663852886e38, 3.4028234663852886e38],
    ],
  },
  {
    column: 'd',
    type: { kind: 'double' },
    values: same(0, -1.5, 0.1 + 0.2, 1.7976931348623157e308, 1e-300, 123456789.12345679),
  },
  {
    // With a scale, a decimal reads back with exactly that many fraction digits.
    column: 'n',
    type: { kind: 'numeric', precision: 40, scale: 10 },
    values: [
      ['0', atScale('0', '', 10)],
      ['-12.50', atScale('-12', '5', 10)],
      ['123456789012345678901234567890', atScale('123456789012345678901234567890', '', 10)],
      ['12345678901234567890.1234567891', '12345678901234567890.1234567891'],
      ['-0.0000000001', '-0.0000000001'],
    ],
  },
  {
    // Every database rounds half away from zero to the scale (SQLite through the codec).
    column: 'm',
    type: { kind: 'numeric', precision: 8, scale: 2 },
    values: [
      ['12.5', atScale('12', '5', 2)],
      ['12.345', '12.35'],
      ['-12.345', '-12.35'],
      ['0.004', atScale('0', '', 2)],
      ['-999999.994', '-999999.99'],
    ],
  },
  {
    // Without a precision or scale: the shortest form.
    column: 'nn',
    type: { kind: 'numeric' },
    values: [
      ['-12.50', '-12.5'],
      ['1.5e3', '1500'],
      ['0.000100', '0.0001'],
    ],
  },
  { column: 'bo', type: { kind: 'boolean' }, values: same(true, false) },
  {
    column: 't',
    type: { kind: 'text' },
    values: same(
      '',
      'unicode é 😀 𝄞 (outside the BMP)',
      `quotes ' " \\ ? $1 :name`,
      'x'.repeat(1 << 20),
    ),
  },
  {
    column: 'vc',
    type: { kind: 'varchar', length: 10 },
    values: same('', 'abcdefghij', '😀😀😀😀😀😀😀😀😀😀'),
  },
  {
    column: 'u',
    type: { kind: 'uuid' },
    values: [
      ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
      ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000'],
    ],
  },
  {
    column: 'dt',
    type: { kind: 'date' },
    values: same('1969-07-20', '0001-01-01', '1900-01-01', '2024-02-29', '9999-12-31'),
  },
  {
    column: 'tm',
    type: { kind: 'time' },
    values: [
      ['00:00:00', '00:00:00'],
      ['23:59:59.999999', '23:59:59.999999'],
      ['12:30:00.500', '12:30:00.5'],
      ['09:15', '09:15:00'],
    ],
  },
  {
    column: 'ts',
    type: { kind: 'timestamp', withTimeZone: false },
    values: same(
      utc(2024, 0, 2, 3, 4, 5, 678),
      utc(1950, 5, 15, 12),
      utc(1970, 0, 1),
      utc(1, 0, 1),
      utc(9999, 11, 31, 23, 59, 59, 999),
      // 02:30 on this day does not exist in New York: a local-time conversion would move it.
      utc(2024, 2, 10, 7, 30),
    ),
  },
  {
    column: 'tstz',
    type: { kind: 'timestamp', withTimeZone: true },
    values: same(
      utc(2024, 0, 2, 3, 4, 5, 678),
      utc(2024, 6, 1, 23, 59, 59, 1),
      utc(2024, 2, 10, 7, 30),
      utc(2037, 11, 31),
    ),
  },
  {
    column: 'j',
    type: { kind: 'json' },
    values: same(
      { a: [1, 'é😀'], nested: { deep: { list: [true, null, 1.5] } }, 'key with "quotes"': '\\' },
      [],
      'a string',
      0,
      false,
    ),
  },
  { column: 'bl', type: { kind: 'blob' }, values: same(allBytes, new Uint8Array(0), megabyte) },
  { column: 'e', type: MOOD, values: same('happy', 'ünïcode 😀') },
]

/**
 * A form of a read-back value that compares quickly and strictly: deep equality walks a
 * 1 MB Uint8Array element by element, so bytes become their class name plus hex.
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array)
    return `${value.constructor.name}:${Buffer.from(value).toString('hex')}`
  return value
}
