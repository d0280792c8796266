import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { SqliteConnection } from '../src/sqlite-connection.js'
import { engines } from './engines.js'

const directory = mkdtempSync(join(tmpdir(), 'nakedsql-embedded-'))
afterAll(() => rmSync(directory, { recursive: true, force: true }))

describe.each(engines)('$engine', ({ engine, openFile }) => {
  test('a read whose mapping throws part-way leaves no lock that stops another connection writing', () => {
    const path = join(directory, `${engine}.db`)
    const reader = new SqliteConnection(openFile(path), 10)
    reader.execute('CREATE TABLE t (a INTEGER)', [])
    reader.execute('BEGIN', [])
    // More rows than libsql fetches per step batch (100), so the read is really left part-way.
    for (let i = 0; i < 1000; i++) reader.execute('INSERT INTO t VALUES (?)', [i])
    reader.execute('COMMIT', [])
    const mapRow = (row: readonly unknown[]) => {
      if (row[0] === 5n) throw new Error('unreadable')
      return row[0]
    }
    expect(() => reader.execute('SELECT a FROM t ORDER BY a', [], { mapRow })).toThrow('unreadable')
    const writer = new SqliteConnection(openFile(path), 10)
    writer.execute('BEGIN IMMEDIATE', [])
    writer.execute('INSERT INTO t VALUES (?)', [-1])
    writer.execute('COMMIT', [])
    expect(reader.execute('SELECT count(*) FROM t', []).rows).toEqual([[1001n]])
  })
})
