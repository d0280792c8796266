import { describe, expect, test } from 'vitest'
import { CompileError, eq, param, select, sql } from '../../src/index.js'
import { users } from './schema.js'

describe('sql tag', () => {
  test('every interpolated value is a bound value node', () => {
    const f = sql`select ${1}, ${'x'}`
    expect(f.node).toEqual({
      kind: 'SqlTemplate',
      strings: ['select ', ', ', ''],
      values: [
        { kind: 'Value', value: 1 },
        { kind: 'Value', value: 'x' },
      ],
    })
  })

  test('columns and params are inserted as nodes; nested fragments merge', () => {
    const inner = sql`lower(${users.email}) = ${'a'}`
    const f = sql<boolean>`(${inner}) and ${users.id} = ${param('id')}`
    expect(f.node).toEqual({
      kind: 'SqlTemplate',
      strings: ['(lower(', ') = ', ') and ', ' = ', ''],
      values: [
        { kind: 'Column', table: 'users', name: 'email' },
        { kind: 'Value', value: 'a' },
        { kind: 'Column', table: 'users', name: 'id' },
        { kind: 'Param', name: 'id' },
      ],
    })
  })

  test('identifiers and raw text only through the named helpers', () => {
    expect(sql.identifier('public', 'users').node).toEqual({
      kind: 'Identifier',
      names: ['public', 'users'],
    })
    expect(sql.raw('desc').node).toEqual({ kind: 'RawText', text: 'desc' })
    expect(() => sql.identifier()).toThrow(CompileError)
    expect(() => sql`${{ a: 1 }}`).toThrow(/sql template value 1/)
  })

  test('a fragment is a statement with no shape', () => {
    const f = sql`vacuum`
    expect(f.toNode()).toEqual({ kind: 'RawStatement', template: f.node })
    expect(f.shape).toBeUndefined()
    expect(sql.identifier('t').toNode().template).toEqual({
      kind: 'SqlTemplate',
      strings: ['', ''],
      values: [{ kind: 'Identifier', names: ['t'] }],
    })
  })

  test('a fragment works as an expression in builders', () => {
    const node = select(users.id, sql<number>`1`.as('one'))
      .where(sql<boolean>`${users.id} > 0`)
      .where(eq(users.id, sql<number>`2`))
      .orderBy(sql`random()`.desc())
      .from(users)
      .toNode()
    expect(node.columns[1]).toMatchObject({
      kind: 'Alias',
      alias: 'one',
      expr: { kind: 'SqlTemplate' },
    })
    expect(node.orderBy[0]).toMatchObject({ direction: 'desc', expr: { kind: 'SqlTemplate' } })
  })
})
