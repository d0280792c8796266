import { describe, expect, test } from 'vitest'
import { SqliteConnection } from '../src/sqlite-connection.js'
import { engines } from './engines.js'

describe.each(engines)('$engine', ({ open }) => {
  function connection(): SqliteConnection {
    const c = new SqliteConnection(open(), 10)
    c.execute('create table t (a integer, b text)', [])
    c.execute("insert into t values (1, 'x'), (2, 'y'), (3, 'z')", [])
    return c
  }

  test('firstRowOnly reads the first row of a read only, mapped or as it is', () => {
    const c = connection()
    const sql = 'select a, b from t order by a desc'
    expect(c.execute(sql, [], { firstRowOnly: true })).toMatchObject({
      rows: [[3n, 'z']],
      rowCount: 1,
    })
    const calls: unknown[] = []
    const mapRow = (row: readonly unknown[]) => {
      calls.push(row)
      return `${row[1]}${row[0]}`
    }
    expect(c.execute(sql, [], { firstRowOnly: true, mapRow })).toMatchObject({
      mapped: ['z3'],
      rowCount: 1,
    })
    expect(calls).toEqual([[3n, 'z']])
    // The same statement still returns every row when all are wanted.
    expect(c.execute(sql, [], { mapRow }).mapped).toEqual(['z3', 'y2', 'x1'])
  })

  test('firstRowOnly on a read that finds nothing returns no row', () => {
    const c = connection()
    const answer = c.execute('select a from t where a > ?', [10], {
      firstRowOnly: true,
      mapRow: () => 'never',
    })
    expect(answer.rowCount).toBe(0)
    expect(answer.mapped).toBeUndefined()
    expect(answer.rows).toEqual([])
  })
})
