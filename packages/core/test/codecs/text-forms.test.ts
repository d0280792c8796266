import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decimalAtScale } from '../../src/codecs/decimal.js'
import { checkTimestamp, isoTimestamp, utcMillis } from '../../src/codecs/timestamp.js'
import {
  canonicalDecimal,
  canonicalTime,
  formatUtcTimestamp,
  parseTimestamp,
} from '../../src/index.js'
import { inEachTimeZone } from './time-zones.js'

describe('canonicalDecimal', () => {
  it.each([
    ['0', '0'],
    ['-0', '0'],
    ['-0.000', '0'],
    ['12.50', '12.5'],
    ['12.00', '12'],
    ['+7', '7'],
    ['000123.4500', '123.45'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['-.25', '-0.25'],
    ['1.5e3', '1500'],
    ['1E+21', '1000000000000000000000'],
    ['-2.5e-3', '-0.0025'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalDecimal(input)).toBe(expected)
  })

  it.each(['', '.', 'abc', '1.2.3', '1e', '--1', '0x10', '1 2'])('rejects %j', (input) => {
    expect(canonicalDecimal(input)).toBeUndefined()
  })
})

describe('decimalAtScale', () => {
  it.each([
    ['12.5', 2, '12.50'],
    ['12.345', 2, '12.35'],
    ['12.344999', 2, '12.34'],
    ['-12.345', 2, '-12.35'],
    ['-0.005', 2, '-0.01'],
    ['-0.004', 2, '0.00'],
    ['9.995', 2, '10.00'],
    ['0.5', 0, '1'],
    ['-2.5', 0, '-3'],
    ['7', 3, '7.000'],
    ['0', 1, '0.0'],
    ['123456789012345678901234567890.5', 0, '123456789012345678901234567891'],
  ] as const)('%s at scale %i -> %s', (input, scale, expected) => {
    expect(decimalAtScale(input, scale)).toBe(expected)
  })
})

describe('canonicalTime', () => {
  it.each([
    ['09:30', '09:30:00'],
    ['09:30:05', '09:30:05'],
    ['09:30:05.120', '09:30:05.12'],
    ['09:30:05.000000', '09:30:05'],
    ['23:59:59.999999', '23:59:59.999999'],
    ['-838:59:59', '-838:59:59'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalTime(input)).toBe(expected)
  })

  it.each(['9:30', '09:30:5', 'noon', '09-30-00'])('rejects %j', (input) => {
    expect(canonicalTime(input)).toBeUndefined()
  })
})

inEachTimeZone(() => {
  describe('parseTimestamp', () => {
    it.each([
      ['2024-01-02 03:04:05.678+00', '2024-01-02T03:04:05.678Z'],
      ['2024-01-02 03:04:05.678', '2024-01-02T03:04:05.678Z'],
      ['2024-01-02T03:04:05.678Z', '2024-01-02T03:04:05.678Z'],
      ['2024-01-02 03:04:05', '2024-01-02T03:04:05.000Z'],
      ['2024-01-02 03:04', '2024-01-02T03:04:00.000Z'],
      ['2024-01-02', '2024-01-02T00:00:00.000Z'],
      ['2024-01-02 03:04:05.678901+00', '2024-01-02T03:04:05.678Z'],
      ['2024-01-02 03:04:05.6', '2024-01-02T03:04:05.600Z'],
      ['2024-07-01 23:30:00-04', '2024-07-02T03:30:00.000Z'],
      ['2024-01-02 08:34:05+05:30', '2024-01-02T03:04:05.000Z'],
      ['1883-11-18 12:03:58-04:56:02', '1883-11-18T17:00:00.000Z'],
      ['1969-12-31 23:59:59.999', '1969-12-31T23:59:59.999Z'],
      ['0001-01-01 00:00:00', '0001-01-01T00:00:00.000Z'],
      ['9999-12-31 23:59:59.999', '9999-12-31T23:59:59.999Z'],
      ['0099-02-28 23:59:59', '0099-02-28T23:59:59.000Z'],
      ['2024-02-29 12:00:00', '2024-02-29T12:00:00.000Z'],
      ['2000-02-29 00:00:00', '2000-02-29T00:00:00.000Z'],
      ['1900-03-01 00:00:00', '1900-03-01T00:00:00.000Z'],
      ['0004-02-29 00:00:00', '0004-02-29T00:00:00.000Z'],
    ])('%s', (input, iso) => {
      expect(parseTimestamp(input)?.toISOString()).toBe(iso)
    })

    it('reads every spelling of a point in time as that point: separators, fractions, zones', () => {
      const zones = [
        ['', 0],
        ['Z', 0],
        ['+00', 0],
        ['+05:30', 330],
        ['-0800', -480],
        ['-04', -240],
        [' +02', 120],
      ] as const
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('0001-01-02T00:00:00Z'),
            max: new Date('9999-12-30T00:00:00Z'),
            noInvalidDate: true,
          }),
          fc.constantFrom(' ', 'T'),
          fc.integer({ min: 0, max: 6 }),
          fc.constantFrom(...zones),
          (instant, separator, fractionDigits, [zone, offsetMinutes]) => {
            // The wall clock of `instant` at the zone's offset, spelled as a database would.
            const wall = new Date(instant.getTime() + offsetMinutes * 60_000)
            const iso = wall.toISOString()
            const micro = `${iso.slice(20, 23)}417`.slice(0, fractionDigits)
            const text = `${iso.slice(0, 10)}${separator}${iso.slice(11, 19)}${fractionDigits > 0 ? `.${micro}` : ''}${zone}`
            const expected =
              instant.getTime() -
              instant.getUTCMilliseconds() +
              Number(micro.slice(0, 3).padEnd(3, '0'))
            expect(parseTimestamp(text)?.getTime()).toBe(expected)
          },
        ),
        { numRuns: 2000 },
      )
    })

    it('reads BC years as astronomical years', () => {
      expect(parseTimestamp('0044-03-15 12:00:00+00 BC')?.getUTCFullYear()).toBe(-43)
    })

    it.each(['', 'yesterday', '2024/01/02 03:04:05', '2024-01-02 03:04:05 UTC'])(
      'rejects %j',
      (input) => {
        expect(parseTimestamp(input)).toBeUndefined()
      },
    )
  })

  describe('utcMillis', () => {
    it('agrees with Date.UTC on every wall-clock time of the years 1 to 9999', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 9999 }),
          fc.integer({ min: 1, max: 12 }),
          fc.integer({ min: 1, max: 31 }),
          fc.integer({ min: 0, max: 23 }),
          fc.integer({ min: 0, max: 59 }),
          fc.integer({ min: 0, max: 59 }),
          fc.integer({ min: 0, max: 999 }),
          (year, month, day, hour, minute, second, ms) => {
            const reference = new Date(0)
            // setUTCFullYear, unlike Date.UTC, reads the years 0 to 99 as themselves.
            reference.setUTCFullYear(year, month - 1, day)
            reference.setUTCHours(hour, minute, second, ms)
            expect(utcMillis(year, month, day, hour, minute, second, ms)).toBe(reference.getTime())
          },
        ),
        { numRuns: 5000 },
      )
    })

    it('gives NaN for a month outside 1 to 12', () => {
      expect(utcMillis(2024, 0, 1, 0, 0, 0, 0)).toBeNaN()
      expect(utcMillis(2024, 13, 1, 0, 0, 0, 0)).toBeNaN()
    })
  })

  describe('formatUtcTimestamp', () => {
    it.each([
      [Date.UTC(2024, 0, 2, 3, 4, 5, 6), '2024-01-02 03:04:05.006'],
      [Date.UTC(1969, 11, 31, 23, 59, 59, 999), '1969-12-31 23:59:59.999'],
      [Date.UTC(2024, 6, 1, 23, 30), '2024-07-01 23:30:00.000'],
      [-62135596800000, '0001-01-01 00:00:00.000'],
    ])('%i -> %s', (ms, text) => {
      expect(formatUtcTimestamp(new Date(ms))).toBe(text)
      expect(parseTimestamp(text)?.getTime()).toBe(ms)
    })

    it("writes toISOString's fields at every millisecond of the years 0 to 9999", () => {
      fc.assert(
        fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => {
          const date = new Date(ms)
          const iso = date.toISOString()
          expect(formatUtcTimestamp(date)).toBe(`${iso.slice(0, 10)} ${iso.slice(11, 23)}`)
          if (ms >= -62_135_596_800_000) expect(isoTimestamp(date)).toBe(iso)
        }),
        { numRuns: 20_000 },
      )
    })

    it('writes the edges of the years and of the calendar as toISOString does', () => {
      const edges = [
        '0000-01-01T00:00:00.000Z',
        '0000-02-29T12:00:00.000Z',
        '0001-01-01T00:00:00.000Z',
        '0099-12-31T23:59:59.999Z',
        '0100-03-01T00:00:00.000Z',
        '1900-02-28T23:59:59.999Z',
        '1969-12-31T23:59:59.999Z',
        '1970-01-01T00:00:00.000Z',
        '2000-02-29T00:00:00.001Z',
        '2100-03-01T00:00:00.000Z',
        '9999-12-31T23:59:59.999Z',
      ]
      for (const iso of edges) {
        const date = new Date(iso)
        expect(formatUtcTimestamp(date)).toBe(iso.replace('T', ' ').slice(0, 23))
        if (!iso.startsWith('0000')) expect(isoTimestamp(checkTimestamp(date))).toBe(iso)
      }
    })

    it('keeps the general form outside the years 0 to 9999', () => {
      const late = new Date(0)
      late.setUTCFullYear(12345, 5, 6)
      expect(formatUtcTimestamp(late)).toBe('12345-06-06 00:00:00.000')
      expect(formatUtcTimestamp(new Date(Number.NaN))).toContain('NaN')
      expect(() => checkTimestamp(late)).toThrow(/between the years 1 and 9999/)
      expect(() => checkTimestamp(new Date(-62_135_596_800_001))).toThrow(/between the years/)
      expect(checkTimestamp(new Date(253_402_300_799_999)).getUTCFullYear()).toBe(9999)
    })
  })
})
