import { describe, expect, it } from 'vitest'
import { mysqlCodec } from '../../src/dialect/mysql/codecs.js'
import { postgresCodec } from '../../src/dialect/postgres/codecs.js'
import { sqliteCodec } from '../../src/dialect/sqlite/codecs.js'
import type { ColumnType } from '../../src/index.js'
import { CompileError, InvalidValueError, UnreadableValueError } from '../../src/index.js'
import { inEachTimeZone } from './time-zones.js'

const T = {
  integer: { kind: 'integer' },
  bigint: { kind: 'bigint' },
  real: { kind: 'real' },
  double: { kind: 'double' },
  numeric: { kind: 'numeric', precision: 40, scale: 10 },
  money: { kind: 'numeric', precision: 8, scale: 2 },
  anyDecimal: { kind: 'numeric' },
  boolean: { kind: 'boolean' },
  text: { kind: 'text' },
  varchar: { kind: 'varchar', length: 10 },
  uuid: { kind: 'uuid' },
  date: { kind: 'date' },
  time: { kind: 'time' },
  timestamp: { kind: 'timestamp', withTimeZone: false },
  timestamptz: { kind: 'timestamp', withTimeZone: true },
  json: { kind: 'json' },
  blob: { kind: 'blob' },
  enum: { kind: 'enum', name: 'mood', values: ['happy', 'sad'] },
} as const satisfies Record<string, ColumnType>

const codecOf = { postgres: postgresCodec, mysql: mysqlCodec, sqlite: sqliteCodec }
const dialects = Object.keys(codecOf) as (keyof typeof codecOf)[]

const BIG = 9007199254740993n
const AT = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678))
const BYTES = Uint8Array.from({ length: 256 }, (_, i) => i)

/** [type, JS value, what the driver gets] per dialect. */
const ENCODE: Record<keyof typeof codecOf, [ColumnType, unknown, unknown][]> = {
  postgres: [
    [T.integer, -2147483648, -2147483648],
    [T.bigint, BIG, '9007199254740993'],
    [T.bigint, -5, '-5'],
    [T.double, 1.5, 1.5],
    [T.numeric, '0012.500', '12.5'],
    [T.numeric, 1e21, '1000000000000000000000'],
    // PostgreSQL rounds to the scale itself, and refuses an overflow itself.
    [T.money, '12.345', '12.345'],
    [T.boolean, true, true],
    [T.text, '𝄞 ok', '𝄞 ok'],
    [T.uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    [T.date, '1969-07-20', '1969-07-20'],
    [T.time, '09:30', '09:30:00'],
    [T.timestamp, AT, '2024-01-02 03:04:05.678'],
    [T.timestamptz, AT, '2024-01-02 03:04:05.678+00:00'],
    [T.json, { a: [1, 'é😀'] }, '{"a":[1,"é😀"]}'],
    [T.json, 'text', '"text"'],
    [T.enum, 'sad', 'sad'],
  ],
  mysql: [
    [T.integer, 7, 7],
    [T.bigint, BIG, '9007199254740993'],
    [T.numeric, '-0.0100', '-0.01'],
    [T.money, '-12.345', '-12.345'],
    [T.boolean, true, 1],
    [T.boolean, false, 0],
    [T.timestamp, AT, '2024-01-02 03:04:05.678'],
    [T.timestamptz, AT, '2024-01-02 03:04:05.678'],
    [T.json, [null, true], '[null,true]'],
    [T.date, '2024-02-29', '2024-02-29'],
  ],
  sqlite: [
    [T.integer, 0, 0],
    [T.bigint, BIG, BIG],
    [T.bigint, 3, 3n],
    [T.real, 0.1, Math.fround(0.1)],
    [T.numeric, '123456789012345678901234567890', '123456789012345678901234567890.0000000000'],
    // Stored as text: rounded half away from zero to the scale, as PostgreSQL and MySQL do.
    [T.money, '12.5', '12.50'],
    [T.money, 12.345, '12.35'],
    [T.money, '-12.345', '-12.35'],
    [T.money, '12.3449', '12.34'],
    [T.money, '-0.004', '0.00'],
    [T.money, '999999.994', '999999.99'],
    [T.money, 7n, '7.00'],
    [T.anyDecimal, '12.50', '12.5'],
    [{ kind: 'numeric', precision: 5 }, '-2.5', '-3'],
    [T.boolean, false, 0],
    [T.timestamp, new Date(Date.UTC(1950, 5, 15, 12)), '1950-06-15T12:00:00.000Z'],
    [T.timestamptz, AT, '2024-01-02T03:04:05.678Z'],
    [T.timestamp, new Date(-62135596800000), '0001-01-01T00:00:00.000Z'],
    [T.time, '23:59:59.500000', '23:59:59.5'],
    [T.json, { nested: { deep: ['x'] } }, '{"nested":{"deep":["x"]}}'],
  ],
}

/** [type, what the driver returns, JS value] per dialect, in the raw forms adapters ask for. */
const DECODE: Record<keyof typeof codecOf, [ColumnType, unknown, unknown][]> = {
  postgres: [
    [T.integer, '42', 42],
    [T.bigint, '9007199254740993', BIG],
    [T.real, '0.5', 0.5],
    [T.real, '3.4028235e+38', 3.4028234663852886e38],
    [T.real, '0.1', Math.fround(0.1)],
    [T.double, '-1.25e-10', -1.25e-10],
    [T.double, 'Infinity', Number.POSITIVE_INFINITY],
    [T.numeric, '12.5000000000', '12.5000000000'],
    [T.numeric, 'NaN', 'NaN'],
    [T.money, '12.50', '12.50'],
    [T.money, '-0.00', '0.00'],
    [T.anyDecimal, '12.500', '12.5'],
    [T.boolean, 't', true],
    [T.boolean, 'f', false],
    [T.uuid, 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
    [T.date, '1901-12-13', '1901-12-13'],
    [T.time, '09:30:00', '09:30:00'],
    [T.timestamp, '2024-01-02 03:04:05.678', AT],
    [T.timestamptz, '2024-01-01 22:04:05.678-05', AT],
    [T.json, '{"a": [1, "é😀"]}', { a: [1, 'é😀'] }],
    [T.blob, '\\x00ff10', Uint8Array.of(0, 255, 16)],
    [T.blob, '\\000\\377a\\\\', Uint8Array.of(0, 255, 97, 92)],
    [T.enum, 'happy', 'happy'],
  ],
  mysql: [
    [T.integer, 42, 42],
    [T.bigint, '9007199254740993', BIG],
    [T.bigint, 12, 12n],
    [T.real, 0.5, 0.5],
    [T.numeric, '12.5000000000', '12.5000000000'],
    [T.money, '1234.50', '1234.50'],
    [T.anyDecimal, '12.500000000000000000000000000000', '12.5'],
    [T.boolean, 1, true],
    [T.boolean, 0, false],
    [T.date, '0001-01-01', '0001-01-01'],
    [T.time, '09:30:00.000', '09:30:00'],
    [T.timestamp, '2024-01-02 03:04:05.678', AT],
    [T.json, '{"a":[1,"é😀"]}', { a: [1, 'é😀'] }],
    [T.json, { parsed: true }, { parsed: true }],
    [T.blob, Buffer.from(BYTES), BYTES],
    [T.uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ],
  sqlite: [
    [T.integer, 42n, 42],
    [T.integer, 42, 42],
    [T.bigint, BIG, BIG],
    [T.bigint, 1, 1n],
    [T.double, 2.5, 2.5],
    [T.double, 3n, 3],
    [T.numeric, '12.50', '12.5000000000'],
    [T.numeric, 3n, '3.0000000000'],
    // Text written before the scale was enforced still reads at the scale.
    [T.money, '12.5', '12.50'],
    [T.money, 12.345, '12.35'],
    [T.anyDecimal, '12.50', '12.5'],
    [T.boolean, 1n, true],
    [T.boolean, 0, false],
    [T.timestamp, '2024-01-02 03:04:05.678', AT],
    [T.timestamp, '2024-01-02 03:04:05', new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
    [T.json, '[1,{"k":"v"}]', [1, { k: 'v' }]],
    [T.blob, Buffer.from(BYTES), BYTES],
    [T.blob, BYTES.buffer.slice(0), BYTES],
    [T.uuid, 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'],
  ],
}

inEachTimeZone(() => {
  for (const dialect of dialects) {
    const codec = codecOf[dialect]
    describe(dialect, () => {
      it.each(ENCODE[dialect])('encodes %o %o', (type, value, expected) => {
        expect(codec(type).encode(value)).toStrictEqual(expected)
      })

      it.each(DECODE[dialect])('decodes %o %o', (type, raw, expected) => {
        expect(codec(type).decode(raw)).toStrictEqual(expected)
      })

      it('passes NULL through every codec both ways', () => {
        for (const type of Object.values(T)) {
          expect(codec(type).encode(null)).toBeNull()
          expect(codec(type).decode(null)).toBeNull()
        }
      })

      it('binds blobs as Buffer views and reads them back as plain Uint8Array copies', () => {
        const bound = codec(T.blob).encode(BYTES) as Buffer
        expect(Buffer.isBuffer(bound)).toBe(true)
        expect(bound.buffer).toBe(BYTES.buffer)
        const driverBuffer = Buffer.from(BYTES)
        const read = codec(T.blob).decode(driverBuffer) as Uint8Array
        expect(Buffer.isBuffer(read)).toBe(false)
        expect(read).toStrictEqual(BYTES)
        driverBuffer[0] = 99
        expect(read[0]).toBe(0)
      })

      it('returns one cached codec per type kind, and per enum type', () => {
        expect(codec({ kind: 'integer' })).toBe(codec({ kind: 'integer' }))
        expect(codec({ kind: 'varchar', length: 1 })).toBe(codec({ kind: 'varchar', length: 99 }))
        expect(codec(T.enum)).toBe(codec(T.enum))
        expect(codec(T.money)).toBe(codec(T.money))
        expect(codec({ kind: 'numeric' })).toBe(codec({ kind: 'numeric' }))
      })

      it.each([
        [T.integer, '1', 'integer'],
        [T.integer, 1.5, 'integer'],
        [T.integer, 2 ** 53, 'integer'],
        [T.bigint, 1.5, 'bigint'],
        [T.double, Number.NaN, 'double'],
        [T.real, '1', 'real'],
        [T.numeric, 'ten', 'numeric'],
        [T.numeric, Number.POSITIVE_INFINITY, 'numeric'],
        [T.boolean, 1, 'boolean'],
        [T.text, 5, 'text'],
        [T.text, 'a\0b', 'text'],
        [T.varchar, 'lone \uD800 surrogate', 'varchar'],
        [T.uuid, 'not-a-uuid', 'uuid'],
        [T.date, new Date(), 'date'],
        [T.date, '2023-02-29', 'date'],
        [T.time, '25h', 'time'],
        [T.timestamp, '2024-01-02T03:04:05Z', 'timestamp'],
        [T.timestamp, new Date(Number.NaN), 'timestamp'],
        [T.timestamp, new Date(Date.UTC(10000, 0, 1)), 'timestamp'],
        [T.json, () => 1, 'json'],
        [T.json, { n: 1n }, 'json'],
        [T.blob, [1, 2], 'blob'],
        [T.enum, 'angry', 'enum mood'],
        [T.text, undefined, 'text'],
      ])('rejects %o for %o before binding', (type, value, columnType) => {
        const attempt = () => codec(type).encode(value)
        expect(attempt).toThrow(InvalidValueError)
        expect(attempt).toThrow(CompileError)
        expect(attempt).toThrow(columnType)
        try {
          attempt()
        } catch (e) {
          expect((e as InvalidValueError).code).toBe('INVALID_VALUE')
          expect((e as InvalidValueError).columnType).toBe(columnType)
        }
      })

      it('names what to pass instead', () => {
        expect(() => codec(T.timestamp).encode('2024-01-02')).toThrow(
          /Cannot write string "2024-01-02" to a timestamp column: pass a valid Date/,
        )
        expect(() => codec(T.enum).encode('angry')).toThrow(/one of "happy", "sad"/)
      })

      it('reads a numeric column with a scale at exactly that scale, and without one in shortest form', () => {
        expect(codec(T.money).decode('5')).toBe('5.00')
        expect(codec(T.money).decode(12.5)).toBe('12.50')
        expect(codec(T.anyDecimal).decode('5.00')).toBe('5')
        expect(codec({ kind: 'numeric', precision: 10 }).decode('42')).toBe('42')
      })

      it('refuses to read an integer column value a number cannot hold exactly', () => {
        expect(() => codec(T.integer).decode(BIG)).toThrow(UnreadableValueError)
        expect(() => codec(T.bigint).decode(2 ** 60)).toThrow(UnreadableValueError)
      })
    })
  }

  it('SQLite refuses a value with more whole digits than precision minus scale, as PostgreSQL does', () => {
    for (const tooBig of ['1000000', '-1000000.00', '999999.995', 1e6]) {
      const attempt = () => sqliteCodec(T.money).encode(tooBig)
      expect(attempt).toThrow(InvalidValueError)
      expect(attempt).toThrow(
        /numeric\(8, 2\) column: it holds at most 6 digits before the decimal point/,
      )
    }
    const fraction = sqliteCodec({ kind: 'numeric', precision: 2, scale: 2 })
    expect(fraction.encode('-0.994')).toBe('-0.99')
    expect(() => fraction.encode('0.999')).toThrow(/at most 0 digits/)
  })

  it('decodes a date a driver parsed at local midnight to the same calendar day', () => {
    expect(mysqlCodec(T.date).decode(new Date(1969, 6, 20))).toBe('1969-07-20')
  })
})
