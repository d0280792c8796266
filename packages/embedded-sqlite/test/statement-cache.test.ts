import { describe, expect, test } from 'vitest'
import { StatementCache } from '../src/statement-cache.js'
import { engines } from './engines.js'

describe.each(engines)('$engine', ({ open }) => {
  test('a statement is prepared once per SQL text', () => {
    const cache = new StatementCache(open(), 10)
    expect(cache.get('select 1')).toBe(cache.get('select 1'))
    expect(cache.get('select 1').statement.all([])).toEqual([[1n]])
  })

  test('the cache is bounded, and a statement used since the last eviction pass stays', () => {
    const cache = new StatementCache(open(), 3)
    cache.get('select 1')
    cache.get('select 2')
    cache.get('select 3')
    cache.get('select 1')
    cache.get('select 4')
    expect(cache.size).toBe(3)
    expect(cache.has('select 1')).toBe(true)
    expect(cache.has('select 2')).toBe(false)
    for (let i = 10; i < 100; i++) cache.get(`select ${i}`)
    expect(cache.size).toBe(3)
  })

  test('readers return array rows with exact integers; writers report changes', () => {
    const cache = new StatementCache(open(), 10)
    cache.get('create table t (a)').statement.run([])
    expect(cache.get('insert into t values (?)').statement.run([2n ** 60n]).changes).toBe(1)
    const select = cache.get('select a from t')
    expect(select.columns).toEqual(['a'])
    expect(select.statement.all([])).toEqual([[2n ** 60n]])
  })

  test('a result whose column types all read numbers alike is read with integers as numbers', () => {
    const cache = new StatementCache(open(), 10)
    const select = cache.get('select 2 * 3, 1.5')
    const numbers = [{ kind: 'integer' }, { kind: 'double' }] as const
    const exact = [{ kind: 'bigint' }, { kind: 'double' }] as const
    expect(cache.reader(select, numbers).all([])).toEqual([[6, 1.5]])
    expect(cache.reader(select, exact).all([])).toEqual([[6n, 1.5]])
    expect(cache.reader(select, [undefined, undefined]).all([])).toEqual([[6n, 1.5]])
    expect(cache.reader(select, undefined)).toBe(select.statement)
    // One statement per mode, made once.
    expect(cache.reader(select, numbers)).toBe(cache.reader(select, [...numbers]))
    expect(cache.reader(select, numbers)).not.toBe(select.statement)
  })
})
