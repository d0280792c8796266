import { describe, expect, test } from 'vitest'
import {
  alias,
  and,
  bundle,
  CompileError,
  count,
  eq,
  gt,
  isNull,
  lag,
  max,
  param,
  rowNumber,
  select,
  sum,
} from '../../src/index.js'
import { posts, users } from './schema.js'

const col = (table: string, name: string) => ({ kind: 'Column', table, name })

describe('select', () => {
  test('an entity selects all its columns and infers FROM', () => {
    const node = select(users).toNode()
    expect(node.columns).toEqual([
      col('users', 'id'),
      col('users', 'email'),
      col('users', 'name'),
      col('users', 'active'),
      col('users', 'meta'),
      col('users', 'created_at'),
    ])
    expect(node.from).toEqual([{ kind: 'TableRef', name: 'users' }])
    // The lists shared by every select of the table are frozen; the node made per statement
    // is not (freezing showed on the per-call path), and no builder method writes to it.
    expect(Object.isFrozen(node.columns)).toBe(true)
    expect(Object.isFrozen(node.from)).toBe(true)
  })

  test('an entity shape carries property names, primary key indexes and nullability', () => {
    const [shape] = select(users).shape
    expect(shape).toMatchObject({ kind: 'entity', primaryKey: [0], nullable: false })
    expect(shape?.kind === 'entity' && shape.columns.map(([p, d]) => [p, d.name])).toEqual([
      ['id', 'id'],
      ['email', 'email'],
      ['name', 'name'],
      ['active', 'active'],
      ['meta', 'meta'],
      ['createdAt', 'created_at'],
    ])
  })

  test('columns, labelled expressions and bundles make value and bundle shapes', () => {
    const q = select(
      users.id,
      count().as('n'),
      bundle({ mail: users.email, made: users.createdAt }),
    )
      .from(users)
      .groupBy(users.id)
    const node = q.toNode()
    expect(node.columns).toEqual([
      col('users', 'id'),
      {
        kind: 'Alias',
        expr: { kind: 'Function', name: 'count', args: [], star: true },
        alias: 'n',
      },
      { kind: 'Alias', expr: col('users', 'email'), alias: 'mail' },
      { kind: 'Alias', expr: col('users', 'created_at'), alias: 'made' },
    ])
    expect(q.shape).toEqual([
      { kind: 'value', type: { kind: 'integer' } },
      { kind: 'value', type: { kind: 'integer' } },
      {
        kind: 'bundle',
        fields: [
          ['mail', { kind: 'value', type: { kind: 'varchar', length: 255 } }],
          ['made', { kind: 'value', type: { kind: 'timestamp', withTimeZone: false } }],
        ],
      },
    ])
    expect(node.groupBy).toEqual([col('users', 'id')])
  })

  test('left, right and full joins flag the entities on the nullable side', () => {
    const on = eq(posts.userId, users.id)
    const flags = (q: { shape: readonly { kind: string; nullable?: boolean }[] }) =>
      q.shape.map((s) => s.nullable)
    expect(flags(select(users, posts).leftJoin(posts, on))).toEqual([false, true])
    expect(flags(select(users, posts).rightJoin(posts, on))).toEqual([true, false])
    expect(flags(select(users, posts).fullJoin(posts, on))).toEqual([true, true])
    expect(flags(select(users, posts).innerJoin(posts, on))).toEqual([false, false])
    const node = select(users, posts).leftJoin(posts, on).toNode()
    expect(node.joins).toEqual([
      {
        kind: 'Join',
        type: 'left',
        table: { kind: 'TableRef', name: 'posts' },
        on: { kind: 'Binary', op: '=', left: col('posts', 'userId'), right: col('users', 'id') },
      },
    ])
  })

  test('a self-join through alias() qualifies by the alias', () => {
    const author = alias(users, 'author')
    const node = select(users.id, author.id).from(users).crossJoin(author).toNode()
    expect(node.columns).toEqual([col('users', 'id'), col('author', 'id')])
    expect(node.joins[0]).toEqual({
      kind: 'Join',
      type: 'cross',
      table: { kind: 'TableRef', name: 'users', alias: 'author' },
    })
  })

  test('a relation selected but not in FROM or a join is a CompileError naming the fix', () => {
    expect(() => select(users, posts).toNode()).toThrow(CompileError)
    expect(() => select(users, posts).toNode()).toThrow(/\.innerJoin\(posts, on\)/)
    expect(() => select(users.id).toNode()).toThrow(/Add \.from\(users\)/)
    expect(() => select(posts.title).from(users).toNode()).toThrow(/posts\.title/)
  })

  test('the same relation twice needs an alias', () => {
    expect(() => select(users).innerJoin(users, eq(users.id, users.id)).toNode()).toThrow(
      /alias\(users/,
    )
  })

  test('select without a relation has no FROM', () => {
    expect(select(count()).toNode().from).toEqual([])
  })

  test('where calls combine with and; values take the compared column type', () => {
    const node = select(users)
      .where(eq(users.active, false))
      .where(gt(users.createdAt, new Date(0)))
      .toNode()
    expect(node.where).toEqual({
      kind: 'Logical',
      op: 'and',
      items: [
        {
          kind: 'Binary',
          op: '=',
          left: col('users', 'active'),
          right: { kind: 'Value', value: false, type: { kind: 'boolean' } },
        },
        {
          kind: 'Binary',
          op: '>',
          left: col('users', 'created_at'),
          right: {
            kind: 'Value',
            value: new Date(0),
            type: { kind: 'timestamp', withTimeZone: false },
          },
        },
      ],
    })
    expect(select(users).where(undefined).toNode().where).toBeUndefined()
  })

  test('order by, limit and offset: numbers are bound, params typed as integers', () => {
    const node = select(users)
      .orderBy(users.name.asc('last'), users.id)
      .limit(10)
      .offset(param('skip'))
      .distinct()
      .toNode()
    expect(node.orderBy).toEqual([
      { kind: 'OrderBy', expr: col('users', 'name'), direction: 'asc', nulls: 'last' },
      { kind: 'OrderBy', expr: col('users', 'id'), direction: 'asc' },
    ])
    expect(node.limit).toEqual({ kind: 'Value', value: 10, type: { kind: 'integer' } })
    expect(node.offset).toEqual({ kind: 'Param', name: 'skip', type: { kind: 'integer' } })
    expect(node.distinct).toBe(true)
    expect(() => select(users).limit(-1)).toThrow(/non-negative integer/)
    expect(() => select(users).limit(1.5)).toThrow(CompileError)
  })

  test('builders are immutable: a method leaves the old statement unchanged', () => {
    const base = select(users)
    const filtered = base.where(eq(users.id, 1))
    const limited = filtered.limit(5)
    expect(base.toNode().where).toBeUndefined()
    expect(filtered.toNode().limit).toBeUndefined()
    expect(limited.toNode().where).toEqual(filtered.toNode().where)
    expect(base.toNode()).toBe(base.toNode())
  })

  test('having and group by', () => {
    const node = select(posts.userId, count().as('n'))
      .from(posts)
      .groupBy(posts.userId)
      .having(gt(count(), 2))
      .toNode()
    expect(node.having).toEqual({
      kind: 'Binary',
      op: '>',
      left: { kind: 'Function', name: 'count', args: [], star: true },
      right: { kind: 'Value', value: 2, type: { kind: 'integer' } },
    })
  })

  test('window functions with partition, order and frame', () => {
    const e = sum(posts.id).over({
      partitionBy: [posts.userId],
      orderBy: [posts.id.desc()],
      frame: { unit: 'rows', start: { preceding: 2 } },
    })
    expect(e.node).toEqual({
      kind: 'Window',
      fn: { kind: 'Function', name: 'sum', args: [col('posts', 'id')] },
      partitionBy: [col('posts', 'userId')],
      orderBy: [{ kind: 'OrderBy', expr: col('posts', 'id'), direction: 'desc' }],
      frame: { unit: 'rows', start: { type: 'preceding', offset: 2 }, end: { type: 'currentRow' } },
    })
    expect(rowNumber().over({ orderBy: [posts.id] }).node).toMatchObject({
      kind: 'Window',
      fn: { name: 'row_number', args: [] },
    })
    expect(lag(posts.title, 2).over().node).toMatchObject({
      fn: {
        name: 'lag',
        args: [col('posts', 'title'), { kind: 'Value', value: 2, type: { kind: 'integer' } }],
      },
    })
    expect(() => sum(posts.id).over({ frame: { unit: 'rows', start: { preceding: -1 } } })).toThrow(
      CompileError,
    )
  })
})

describe('subqueries', () => {
  test('as(): a typed relation whose columns are qualified by the alias', () => {
    const counts = select(posts.userId.as('userId'), count().as('n'))
      .from(posts)
      .groupBy(posts.userId)
      .as('counts')
    const q = select(users.email, counts.n)
      .from(users)
      .innerJoin(counts, eq(counts.userId, users.id))
    const node = q.toNode()
    expect(node.columns).toEqual([col('users', 'email'), col('counts', 'n')])
    expect(node.joins[0]?.table).toMatchObject({
      kind: 'SubqueryTable',
      alias: 'counts',
      query: { kind: 'Select' },
    })
    expect(q.shape[1]).toEqual({ kind: 'value', type: { kind: 'integer' } })
  })

  test('a subquery selected as an entity keeps property names and the primary key', () => {
    const active = select(users).where(eq(users.active, true)).as('active')
    const [shape] = select(active).shape
    expect(shape).toMatchObject({ kind: 'entity', primaryKey: [0], nullable: false })
    expect(select(active).toNode().from[0]).toMatchObject({
      kind: 'SubqueryTable',
      alias: 'active',
    })
  })

  test('unlabelled expressions and duplicate column names are refused with the fix', () => {
    expect(() => select(count()).from(posts).as('s')).toThrow(/\.as\('name'\)/)
    expect(() => select(users, posts).innerJoin(posts, eq(posts.userId, users.id)).as('s')).toThrow(
      /"id" appears twice/,
    )
  })

  test('scalar(): a one-column query as a value', () => {
    const latest = select(max(posts.id)).from(posts).where(eq(posts.userId, users.id)).scalar()
    expect(latest.node).toMatchObject({ kind: 'ScalarSubquery', query: { kind: 'Select' } })
    expect(latest.type).toEqual({ kind: 'integer' })
    expect(() => select(users).scalar()).toThrow(/exactly one column/)
  })

  test('set operations keep the left shape and take order/limit', () => {
    const a = select(users.email).from(users)
    const b = select(users.email).from(users).where(isNull(users.name))
    const u = a.unionAll(b).orderBy(users.email).limit(3)
    const node = u.toNode()
    expect(node).toMatchObject({
      kind: 'SetOperation',
      op: 'union all',
      left: a.toNode(),
      right: b.toNode(),
    })
    expect(node.limit).toEqual({ kind: 'Value', value: 3, type: { kind: 'integer' } })
    expect(u.shape).toBe(a.shape)
    expect(a.union(b).toNode().op).toBe('union')
    expect(a.intersect(b).toNode().op).toBe('intersect')
    expect(a.except(b).toNode().op).toBe('except')
    expect(() => a.union(select(users.email, users.id).from(users) as never)).toThrow(
      /column counts/,
    )
  })

  test('and() and or() need a condition', () => {
    expect(() => and()).toThrow(CompileError)
    expect(and(undefined, eq(users.id, 1)).node.kind).toBe('Binary')
  })
})
