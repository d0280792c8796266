import { describe, expect, test } from 'vitest'
import { readInteger } from '../../src/codecs/integers.js'
import { integersMayBeNumbers } from '../../src/driver/integer-reads.js'
import type { ColumnType } from '../../src/schema/column-type.js'

describe('integersMayBeNumbers', () => {
  test('true only when every column is typed with a kind whose codec reads numbers and bigints alike', () => {
    const safe: ColumnType[] = [
      { kind: 'integer' },
      { kind: 'double' },
      { kind: 'boolean' },
      { kind: 'text' },
      { kind: 'timestamp', withTimeZone: false },
    ]
    expect(integersMayBeNumbers(safe)).toBe(true)
    expect(integersMayBeNumbers([])).toBe(true)
    for (const exact of [
      { kind: 'bigint' },
      { kind: 'numeric', precision: 30, scale: 0 },
      { kind: 'json' },
    ] as const) {
      expect(integersMayBeNumbers([...safe, exact])).toBe(false)
    }
    expect(integersMayBeNumbers([...safe, undefined])).toBe(false)
    expect(integersMayBeNumbers(undefined)).toBe(false)
  })
})

describe('readInteger', () => {
  test('refuses a number that is not a safe integer, as it refuses the bigint it came from', () => {
    expect(readInteger(2 ** 53 - 1)).toBe(2 ** 53 - 1)
    expect(() => readInteger(2 ** 60)).toThrow(/declare the column as bigint\(\)/)
    expect(() => readInteger(2n ** 60n)).toThrow(/declare the column as bigint\(\)/)
    expect(() => readInteger(1.5)).toThrow(/integer column/)
  })
})
