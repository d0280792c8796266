import { describe, expect, test } from 'vitest'
import {
  avg,
  between,
  CompileError,
  caseWhen,
  cast,
  coalesce,
  concat,
  count,
  countDistinct,
  desc,
  eq,
  exists,
  gt,
  ilike,
  inList,
  integer,
  isNotNull,
  like,
  lower,
  ne,
  not,
  notInList,
  notLike,
  or,
  param,
  select,
  sum,
  text,
  upper,
} from '../../src/index.js'
import { posts, users } from './schema.js'

const col = (table: string, name: string) => ({ kind: 'Column', table, name })

describe('values next to columns', () => {
  test('take the column type; params too', () => {
    expect(eq(users.active, true).node).toMatchObject({
      right: { kind: 'Value', value: true, type: { kind: 'boolean' } },
    })
    expect(eq(users.id, param('id')).node).toMatchObject({
      right: { kind: 'Param', name: 'id', type: { kind: 'integer' } },
    })
    expect(between(users.createdAt, new Date(0), new Date(1)).node).toMatchObject({
      low: { type: { kind: 'timestamp' } },
      high: { type: { kind: 'timestamp' } },
    })
  })

  test('a value that is not a scalar is a CompileError naming the operator and column', () => {
    const bad: [unknown, RegExp][] = [
      [{ a: 1 }, /an object as the value of eq\(\) against users\.email/],
      [[1], /an array/],
      [() => 1, /a function/],
      [undefined, /undefined/],
      [Number.NaN, /NaN/],
      [Number.POSITIVE_INFINITY, /Infinity/],
      [new Date('nope'), /an invalid Date/],
    ]
    for (const [v, message] of bad) {
      expect(() => eq(users.email, v as never)).toThrow(CompileError)
      expect(() => eq(users.email, v as never)).toThrow(message)
    }
  })

  test('json columns accept objects and arrays', () => {
    expect(eq(users.meta, { tags: [] }).node).toMatchObject({
      right: { value: { tags: [] }, type: { kind: 'json' } },
    })
  })

  test('comparing with null points at isNull', () => {
    expect(() => eq(users.name, null as never)).toThrow(/isNull\(users\.name\)/)
  })

  test('a column on both sides stays two columns', () => {
    expect(ne(posts.userId, users.id).node).toEqual({
      kind: 'Binary',
      op: '<>',
      left: col('posts', 'userId'),
      right: col('users', 'id'),
    })
  })
})

describe('conditions', () => {
  test('in with a list or a subquery', () => {
    expect(inList(users.id, [1, 2]).node).toEqual({
      kind: 'In',
      expr: col('users', 'id'),
      list: [
        { kind: 'Value', value: 1, type: { kind: 'integer' } },
        { kind: 'Value', value: 2, type: { kind: 'integer' } },
      ],
      negated: false,
    })
    const sub = select(posts.userId).from(posts)
    expect(notInList(users.id, sub).node).toMatchObject({ list: sub.toNode(), negated: true })
    expect(() => inList(users.id, 3 as never)).toThrow(/array of values or a select/)
  })

  test('like, ilike, is null, exists, not, or', () => {
    expect(like(users.email, '%@x').node).toMatchObject({
      kind: 'Like',
      caseInsensitive: false,
      negated: false,
    })
    expect(notLike(users.email, '%@x').node).toMatchObject({ negated: true })
    expect(ilike(users.email, '%@x').node).toMatchObject({ caseInsensitive: true })
    expect(isNotNull(users.name).node).toEqual({
      kind: 'IsNull',
      expr: col('users', 'name'),
      negated: true,
    })
    const sub = select(posts.id).from(posts).where(eq(posts.userId, users.id))
    expect(exists(sub).node).toEqual({ kind: 'Exists', query: sub.toNode(), negated: false })
    expect(not(or(eq(users.id, 1), eq(users.id, 2))).node).toMatchObject({
      kind: 'Not',
      expr: { kind: 'Logical', op: 'or' },
    })
  })
})

describe('functions', () => {
  test('aggregates', () => {
    expect(count(users.name).node).toEqual({
      kind: 'Function',
      name: 'count',
      args: [col('users', 'name')],
    })
    expect(countDistinct(users.name).node).toMatchObject({ distinct: true })
    expect(sum(posts.id).type).toEqual({ kind: 'numeric' })
    expect(avg(posts.id).type).toEqual({ kind: 'numeric' })
  })

  test('coalesce, lower, upper, cast, concat, case', () => {
    expect(coalesce(users.name, 'anon').node).toEqual({
      kind: 'Function',
      name: 'coalesce',
      args: [col('users', 'name'), { kind: 'Value', value: 'anon', type: { kind: 'text' } }],
    })
    expect(lower(users.email).node).toMatchObject({ name: 'lower' })
    expect(upper(users.email).type).toEqual({ kind: 'varchar', length: 255 })
    expect(cast(users.id, text()).node).toEqual({
      kind: 'Cast',
      expr: col('users', 'id'),
      type: { kind: 'text' },
    })
    expect(cast(users.name, integer()).type).toEqual({ kind: 'integer' })
    expect(concat(users.email, '!').node).toMatchObject({ kind: 'Binary', op: 'concat' })
    const c = caseWhen(gt(posts.id, 10), 'big').when(gt(posts.id, 5), 'mid').else('small')
    const node = c.node as unknown as { whens: { then: unknown }[] }
    expect(node.whens.map((w) => w.then)).toMatchObject([{ value: 'big' }, { value: 'mid' }])
    expect(c.node).toMatchObject({
      kind: 'Case',
      else: { value: 'small' },
    })
    expect(desc(users.id, 'first').node).toEqual({
      kind: 'OrderBy',
      expr: col('users', 'id'),
      direction: 'desc',
      nulls: 'first',
    })
  })
})
