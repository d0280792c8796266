import { describe, expect, test } from 'vitest'
import { mysql, postgres, sqlite } from '../../src/index.js'

describe('transaction SQL per dialect', () => {
  test('PostgreSQL: one BEGIN with level and access mode', () => {
    expect(postgres.beginSql({})).toEqual(['BEGIN'])
    expect(postgres.beginSql({ isolationLevel: 'serializable', readOnly: true })).toEqual([
      'BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY',
    ])
    expect(postgres.beginSql({ isolationLevel: 'repeatable read' })).toEqual([
      'BEGIN ISOLATION LEVEL REPEATABLE READ',
    ])
    expect(postgres.transactionEndSql({ readOnly: true })).toEqual([])
  })

  test('MySQL: the level is set for the next transaction only, then START TRANSACTION', () => {
    expect(mysql.beginSql({})).toEqual(['START TRANSACTION'])
    expect(mysql.beginSql({ readOnly: true })).toEqual(['START TRANSACTION READ ONLY'])
    expect(mysql.beginSql({ isolationLevel: 'read committed' })).toEqual([
      'SET TRANSACTION ISOLATION LEVEL READ COMMITTED',
      'START TRANSACTION',
    ])
  })

  test('SQLite: writers take the lock at BEGIN IMMEDIATE; readers use query_only, undone after', () => {
    expect(sqlite.beginSql({})).toEqual(['BEGIN IMMEDIATE'])
    expect(sqlite.beginSql({ isolationLevel: 'serializable' })).toEqual(['BEGIN IMMEDIATE'])
    expect(sqlite.beginSql({ readOnly: true })).toEqual([
      'BEGIN DEFERRED',
      'PRAGMA query_only = ON',
    ])
    expect(sqlite.transactionEndSql({ readOnly: true })).toEqual(['PRAGMA query_only = OFF'])
    expect(sqlite.transactionEndSql({})).toEqual([])
  })

  test('savepoint names are quoted identifiers', () => {
    expect(postgres.savepointSql('a"b')).toBe('SAVEPOINT "a""b"')
    expect(sqlite.rollbackToSavepointSql('sp')).toBe('ROLLBACK TO SAVEPOINT "sp"')
    expect(mysql.releaseSavepointSql('a`b')).toBe('RELEASE SAVEPOINT `a``b`')
  })

  test('parameter limits', () => {
    expect([postgres.maxParameters, mysql.maxParameters, sqlite.maxParameters]).toEqual([
      65535, 65535, 32766,
    ])
  })

  test('values without a column type: encoded by their JavaScript type, unsafe ones refused', () => {
    const codec = sqlite.codec(undefined)
    expect(codec.encode(true)).toBe(1)
    expect(codec.encode('x')).toBe('x')
    expect(codec.encode(2n ** 60n)).toBe(2n ** 60n)
    expect(() => codec.encode({})).toThrow()
    expect(() => codec.encode([1])).toThrow()
    expect(() => codec.encode(Number.POSITIVE_INFINITY)).toThrow()
    expect(() => codec.encode(undefined)).toThrow()
    expect(postgres.codec(undefined).encode(true)).toBe(true)
  })
})
