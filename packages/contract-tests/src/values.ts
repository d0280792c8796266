import {
  bigint,
  blob,
  boolean,
  type ColumnBuilder,
  date,
  double,
  enumOf,
  integer,
  json,
  numeric,
  real,
  text,
  time,
  timestamp,
  uuid,
  varchar,
} from '@nakedsql/core'

/**
 * One column of the value matrix: its type, and each edge value with the JavaScript value
 * it must read back as on every database (the same value, unless the type has a canonical
 * form: lowercase uuid, a decimal with exactly its column's scale or else shortest, float32
 * real, HH:MM:SS time).
 */
export interface ValueColumn {
  readonly column: string
  readonly build: (uniqueName: (base: string) => string) => ColumnBuilder<any, false, false>
  readonly values: readonly (readonly [written: unknown, readBack: unknown])[]
}

const same = (...values: unknown[]) => values.map((v) => [v, v] as const)
/** An exact decimal padded with zeros to `scale` fraction digits, as NUMERIC(p, scale) shows it. */
const withScale = (exact: string, scale: number) => {
  const [whole, fraction = ''] = exact.split('.')
  return `${whole}.${fraction.padEnd(scale, '0')}`
}
const at = (iso: string) => new Date(iso)
const allBytes = Uint8Array.from({ length: 256 }, (_, i) => i)
const megabyte = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 7919 + (i >> 8)) % 256)

export const VALUE_COLUMNS: readonly ValueColumn[] = [
  { column: 'int', build: () => integer(), values: same(0, -1, 1, 2147483647, -2147483648) },
  {
    column: 'big',
    build: () => bigint(),
    values: same(
      0n,
      9007199254740993n,
      -9007199254740993n,
      9223372036854775807n,
      -9223372036854775808n,
    ),
  },
  {
    column: 'single',
    build: () => real(),
    values: [
      [0, 0],
      [-1.25, -1.25],
      [0.1, Math.fround(0.1)],
      [3.4028234663852886e38, 3.4028234663852886e38],
    ],
  },
  {
    column: 'dbl',
    build: () => double(),
    values: same(0, -1.5, 0.1 + 0.2, 1.7976931348623157e308, -1e-300, 123456789.12345679),
  },
  {
    column: 'dec',
    build: () => numeric(40, 10),
    values: [
      ['0', withScale('0', 10)],
      ['-12.50', withScale('-12.5', 10)],
      ['123456789012345678901234567890', withScale('123456789012345678901234567890', 10)],
      ['-12345678901234567890.1234567891', '-12345678901234567890.1234567891'],
      ['0.0000000001', '0.0000000001'],
    ],
  },
  {
    column: 'money',
    build: () => numeric(8, 2),
    values: [
      ['0', withScale('0', 2)],
      ['12.5', withScale('12.5', 2)],
      // More fraction digits than the scale: rounded half away from zero, everywhere.
      ['12.345', '12.35'],
      ['-12.345', '-12.35'],
      ['-0.004', withScale('0', 2)],
      ['999999.99', '999999.99'],
    ],
  },
  {
    column: 'anydec',
    build: () => numeric(),
    values: [
      ['-12.50', '-12.5'],
      ['1.5e3', '1500'],
      ['0.000100', '0.0001'],
    ],
  },
  { column: 'flag', build: () => boolean(), values: same(true, false) },
  {
    column: 'body',
    build: () => text(),
    values: same(
      '',
      'outside the BMP: 😀 𝄞 𠜎, combining é, RTL עברית',
      `quotes ' " \` backslash \\ placeholders ? $1 :name %s`,
      'x'.repeat(1 << 20),
    ),
  },
  {
    column: 'short',
    build: () => varchar(10),
    values: same('', 'abcdefghij', '😀😀😀😀😀😀😀😀😀😀'),
  },
  {
    column: 'ident',
    build: () => uuid(),
    values: [
      ['A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
      ['ffffffff-ffff-ffff-ffff-ffffffffffff', 'ffffffff-ffff-ffff-ffff-ffffffffffff'],
    ],
  },
  {
    column: 'day',
    build: () => date(),
    values: same('1969-07-20', '0001-01-01', '1900-02-28', '2024-02-29', '9999-12-31'),
  },
  {
    column: 'clock',
    build: () => time(),
    values: [
      ['00:00:00', '00:00:00'],
      ['23:59:59.999', '23:59:59.999'],
      ['12:30:00.500', '12:30:00.5'],
      ['09:15', '09:15:00'],
    ],
  },
  {
    column: 'wall',
    build: () => timestamp(),
    values: same(
      at('2024-01-02T03:04:05.678Z'),
      at('1950-06-15T12:00:00.001Z'),
      at('1969-12-31T23:59:59.999Z'),
      at('0001-01-01T00:00:00.000Z'),
      at('9999-12-31T23:59:59.999Z'),
      // 02:30 local does not exist on this day in New York: a local-time conversion moves it.
      at('2024-03-10T07:30:00.000Z'),
      at('2024-07-01T12:00:00.250+05:30'),
    ),
  },
  {
    column: 'instant',
    build: () => timestamp({ withTimeZone: true }),
    values: same(
      at('2024-01-02T03:04:05.678Z'),
      at('1901-12-13T20:45:52.123Z'),
      at('2024-11-03T05:30:00.000Z'),
      at('2038-01-19T03:14:08.000Z'),
      at('2024-07-01T23:59:59.999-04:00'),
    ),
  },
  {
    column: 'doc',
    build: () => json(),
    values: same(
      {
        nested: { deep: { list: [1, 'two', null, true, { x: 1.5 }] } },
        unicode: 'é 😀 𝄞',
        'key "quoted"': '\\',
      },
      [],
      [[], {}],
      'a string',
      0,
      false,
    ),
  },
  { column: 'bytes', build: () => blob(), values: same(allBytes, new Uint8Array(0), megabyte) },
  {
    column: 'mood',
    build: (name) => enumOf(name('mood'), ['happy', 'sad', 'ünïcode 😀']),
    values: same('happy', 'ünïcode 😀'),
  },
]

/**
 * A form of a value that compares strictly and fast: deep equality walks a 1 MB Uint8Array
 * element by element, so bytes become their class name plus hex (a Buffer is not a plain
 * Uint8Array and fails).
 */
export function comparable(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    return `${Object.getPrototypeOf(value).constructor.name}(${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')})`
  }
  return value
}
