import { describe, expect, test } from 'vitest'
import {
  NoRowsError,
  Result,
  type ResultShape,
  rowMapper,
  sqlite,
  TooManyRowsError,
} from '../../src/index.js'

const shape: ResultShape = [{ kind: 'value', type: { kind: 'integer' } }, { kind: 'value' }]
const mapper = rowMapper(shape, sqlite)
const result = (rows: unknown[][], rowCount = rows.length) =>
  new Result<[number, unknown]>(rows, rowCount, mapper, false)

describe('Result', () => {
  test('all() maps every row once and returns the same array', () => {
    const r = result([
      [1n, 'a'],
      [2n, 'b'],
    ])
    expect(r.all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
    expect(r.all()).toBe(r.all())
    expect([...r]).toEqual(r.all())
  })

  test('first() is null without rows; one() needs exactly one row; oneOrNull() at most one', () => {
    const empty = result([])
    expect(empty.first()).toBeNull()
    expect(empty.oneOrNull()).toBeNull()
    expect(() => empty.one()).toThrow(NoRowsError)

    const single = result([[7n, 'x']])
    expect(single.one()).toEqual([7, 'x'])
    expect(single.oneOrNull()).toEqual([7, 'x'])

    const two = result([
      [1n, 'a'],
      [2n, 'b'],
    ])
    expect(two.first()).toEqual([1, 'a'])
    expect(() => two.one()).toThrow(TooManyRowsError)
    expect(() => two.oneOrNull()).toThrow(TooManyRowsError)
  })

  test('scalars() gives the first element of each tuple; tuples() the tuples', () => {
    const r = result([
      [1n, 'a'],
      [2n, 'b'],
    ])
    expect(r.scalars().all()).toEqual([1, 2])
    expect(r.scalars().first()).toBe(1)
    expect(r.tuples().all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
  })

  test('views of one result read the same rows in either order: tuples first, then scalars', () => {
    const rows = [
      [1n, 'a'],
      [2n, 'b'],
    ]
    const r = result(rows)
    expect(r.all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
    expect(r.scalars().all()).toEqual([1, 2])
    expect(rows).toEqual([
      [1n, 'a'],
      [2n, 'b'],
    ])
  })

  test("the scalars a session keeps to itself map the driver's array in place, and stay correct", () => {
    const rows = [
      [1n, 'a'],
      [2n, 'b'],
    ]
    const owned = result(rows).ownScalars()
    const all = owned.all()
    expect(all).toEqual([1, 2])
    expect(all).toBe(rows)
    expect(owned.all()).toBe(all)
    expect(owned.first()).toBe(1)
    expect(() => owned.one()).toThrow(TooManyRowsError)
    const frozen = Object.freeze([Object.freeze([3n, 'c'])])
    expect(
      result(frozen as unknown as unknown[][])
        .ownScalars()
        .all(),
    ).toEqual([3])
  })

  test('rowCount is what the driver reported', () => {
    expect(result([], 3).rowCount).toBe(3)
    expect(result([], 3).scalars().rowCount).toBe(3)
  })
})
