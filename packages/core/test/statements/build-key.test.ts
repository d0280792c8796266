import { describe, expect, test } from 'vitest'
import {
  add,
  alias,
  and,
  between,
  bundle,
  coalesce,
  count,
  countDistinct,
  cte,
  deleteFrom,
  eq,
  gt,
  ilike,
  inList,
  insert,
  isNull,
  like,
  lower,
  lt,
  max,
  not,
  notBetween,
  notInList,
  or,
  param,
  rowNumber,
  type Statement,
  select,
  sql,
  sum,
  update,
} from '../../src/index.js'
import { posts, tokens, users } from './schema.js'

/*
 * The compile-cache key the select, insert, update and delete builders make as they go (statements/build-key.ts). The
 * executor trusts it: equal keys must mean the same SQL, so every difference that changes the
 * SQL must change the key, and whatever the key cannot stand for must leave the statement
 * without one (the executor then walks the tree, tested in session/plans.test.ts).
 */

const keyOf = (s: Statement) => s.buildKey
const valuesOf = (s: Statement) => s.keyValues.map((n) => n.value)

describe('builder-made compile-cache keys', () => {
  test('the same steps over the same tables reach the same key, with each call its own values', () => {
    const byId = (id: number) => select(users).where(eq(users.id, id))
    const a = byId(1)
    const b = byId(2)
    expect(keyOf(a)).toBeDefined()
    expect(keyOf(b)).toBe(keyOf(a))
    expect(valuesOf(a)).toEqual([1])
    expect(valuesOf(b)).toEqual([2])
  })

  test('values are collected in the order the steps met them', () => {
    const s = select(users)
      .from(users)
      .limit(5)
      .where(and(gt(users.id, 10), like(users.email, '%@x')))
      .orderBy(users.id.desc('last'))
      .offset(20)
      .where(between(users.id, 1, 2))
    expect(keyOf(s)).toBeDefined()
    expect(valuesOf(s)).toEqual([5, 10, '%@x', 20, 1, 2])
  })

  test('a step that changes the SQL changes the key', () => {
    const base = () => select(users)
    const variants = [
      base(),
      select(posts),
      select(users, posts),
      select(posts, users),
      select(alias(users, 'u')),
      base().from(users),
      base().from(users, posts),
      base().where(eq(users.id, 1)),
      base().where(gt(users.id, 1)),
      base().where(eq(users.email, 'a')),
      base().where(eq(posts.id, 1)),
      base().where(eq(users.id, users.id)),
      base().where(eq(users.id, add(users.id, 1))),
      base().where(eq(users.id, 1)).where(eq(users.id, 1)),
      base().where(and(eq(users.id, 1), eq(users.id, 2))),
      base().where(or(eq(users.id, 1), eq(users.id, 2))),
      base().where(and(eq(users.id, 1), eq(users.id, 2), eq(users.id, 3))),
      base().where(not(eq(users.id, 1))),
      base().where(isNull(users.name)),
      base().where(not(isNull(users.name))),
      base().where(like(users.email, 'a')),
      base().where(ilike(users.email, 'a')),
      base().where(inList(users.id, [1, 2])),
      base().where(inList(users.id, [1, 2, 3])),
      base().where(notInList(users.id, [1, 2])),
      base().where(between(users.id, 1, 2)),
      base().where(notBetween(users.id, 1, 2)),
      base().where(gt(users.createdAt, new Date(0))),
      base().orderBy(users.id),
      base().orderBy(users.id.desc()),
      base().orderBy(users.id.desc('first')),
      base().orderBy(users.id.desc('last')),
      base().orderBy(users.email),
      base().orderBy(users.id, users.email),
      base().limit(1),
      base().offset(1),
      base().limit(1).offset(1),
      base().offset(1).limit(1),
      // Select lists of expressions, labels and bundles, grouping, distinct.
      select(users.id),
      select(users.id.as('id')),
      select(users.id.as('key')),
      select(users.email.as('id')),
      select(users, count().as('n')),
      select(users, count()),
      select(users, count(users.id)),
      select(users, countDistinct(users.id)),
      select(users, max(users.id)),
      select(users, max(users.createdAt)),
      select(users, sum(users.id)),
      select(add(users.id, 1)),
      select(add(users.id, 1).as('next')),
      select(add(users.id, users.id)),
      select(lower(users.email)),
      select(coalesce(users.name, 'x')),
      select(coalesce(users.name, users.email)),
      select(bundle({ id: users.id })),
      select(bundle({ key: users.id })),
      select(bundle({ id: users.id, email: users.email })),
      select(bundle({ id: users.email })),
      select(users.id, bundle({ id: users.id })),
      base().groupBy(users.id),
      base().groupBy(users.email),
      base().groupBy(users.id, users.email),
      base().groupBy(users.id).having(gt(count(), 1)),
      base().groupBy(users.id).having(gt(count(), 1)).having(gt(count(), 1)),
      base().groupBy(users.id).having(lt(count(), 1)),
      base().distinct(),
      base().distinct().where(eq(users.id, 1)),
    ]
    const keys = variants.map(keyOf)
    for (const key of keys) expect(key).toBeDefined()
    expect(new Set(keys).size).toBe(variants.length)
  })

  test('what a key cannot stand for leaves the statement without one', () => {
    const recent = cte('recent', select(posts.id).from(posts))
    const unkeyed = [
      select(users, sql<number>`1`.as('one')),
      select(
        users,
        rowNumber()
          .over({ orderBy: [users.id] })
          .as('n'),
      ),
      select(param<number>('n').as('n')),
      select(bundle({ one: sql<number>`1` })),
      select(recent),
      select(users).where(eq(users.id, param<number>('id'))),
      select(users).where(sql`true`),
      select(users).where(inList(users.id, select(posts.userId).from(posts))),
      select(users).limit(param<number>('n')),
      select(users).innerJoin(posts, and(eq(posts.userId, users.id), sql`true`)),
      select(users).innerJoin(recent, eq(recent.id, users.id)),
      select(users).groupBy(sql`1`),
      select(users).groupBy(users.id).having(sql`true`),
      select(users).where(eq(users.id, 1)).with(recent),
    ]
    for (const s of unkeyed) expect(keyOf(s)).toBeUndefined()
    // A later keyable step does not bring the key back.
    expect(keyOf(select(users).with(recent).where(eq(users.id, 1)))).toBeUndefined()
    expect(keyOf(select(users).where(sql`true`).groupBy(users.id))).toBeUndefined()
  })
})

describe('builder-made keys of inserts', () => {
  const at = new Date(Date.UTC(2024, 0, 2))
  const row = (k: number) => ({ email: `e${k}`, createdAt: new Date(k), name: `n${k}` })

  test('rows of plain values share a key whatever the values, which are kept in row order', () => {
    const a = insert(users).values([row(1), row(2)])
    const b = insert(users).values([row(3), row(4)])
    expect(keyOf(a)).toBeDefined()
    expect(keyOf(b)).toBe(keyOf(a))
    // Columns in declaration order: email, name, createdAt.
    expect(valuesOf(b)).toEqual(['e3', 'n3', new Date(3), 'e4', 'n4', new Date(4)])
    // A row that leaves out a nullable column binds NULL in the same SQL.
    const gap = insert(users).values([row(5), { email: 'e6', createdAt: at }])
    expect(keyOf(gap)).toBe(keyOf(a))
    expect(valuesOf(gap)).toEqual(['e5', 'n5', new Date(5), 'e6', null, at])
  })

  test('another table, column set, row count or returning list changes the key', () => {
    const variants = [
      insert(users).values(row(1)),
      insert(users).values([row(1), row(2)]),
      insert(users).values({ email: 'e', createdAt: at }),
      insert(users).values({ email: 'e', createdAt: at, active: false }),
      insert(alias(users, 'u')).values(row(1)),
      insert(posts).values({ id: 1, userId: 1, title: 't' }),
      insert(users).values(row(1)).returning(users.id),
      insert(users).values(row(1)).returning(users.email),
      insert(users).values(row(1)).returning(users),
      insert(users).values(row(1)).returning(users.id.as('id')),
    ]
    const keys = variants.map(keyOf)
    for (const key of keys) expect(key).toBeDefined()
    expect(new Set(keys).size).toBe(variants.length)
  })

  test('an expression, a defaultFn, a conflict clause, an early returning or raw SQL in it leaves it without', () => {
    const unkeyed = [
      insert(users).values({ email: sql`lower('A')`, createdAt: at }),
      insert(users).values({ email: param<string>('email'), createdAt: at }),
      insert(tokens).values({ userId: 1, label: 'x' }),
      insert(users).values(row(1)).onConflictDoNothing(),
      insert(users).returning(users.id).values(row(1)),
      insert(users).values(row(1)).returning(sql<number>`1`.as('one')),
      insert(posts).fromSelect(select(posts.id, posts.userId, posts.title).from(posts)),
    ]
    for (const s of unkeyed) expect(keyOf(s)).toBeUndefined()
  })
})

describe('builder-made keys of updates', () => {
  test('the same steps share a key, with the values of each call in step order', () => {
    const change = (k: number) =>
      update(users)
        .set({ name: `n${k}`, active: k % 2 === 0 })
        .where(between(users.id, k, k + 9))
        .returning(users)
    expect(keyOf(change(1))).toBeDefined()
    expect(keyOf(change(2))).toBe(keyOf(change(1)))
    expect(valuesOf(change(2))).toEqual(['n2', true, 2, 11])
  })

  test('a step that changes the SQL changes the key', () => {
    const variants = [
      update(users).set({ name: 'a' }),
      update(users).set({ email: 'a' }),
      update(users).set({ name: 'a', email: 'b' }),
      update(users).set({ email: 'b', name: 'a' }),
      update(users).set({ name: 'a' }).set({ email: 'b' }),
      update(users).set({ name: 'a' }).set({ name: 'b' }),
      update(users).set({ name: users.email }),
      update(posts).set({ title: 'a' }),
      update(alias(users, 'u')).set({ name: 'a' }),
      update(users).set({ name: 'a' }).where(eq(users.id, 1)),
      update(users).set({ name: 'a' }).where(gt(users.id, 1)),
      update(users).set({ name: 'a' }).returning(users.id),
      update(users).set({ name: 'a' }).returning(users),
      update(users).set({ name: 'a' }).returning(users.id.as('id')),
      update(users).set({ name: 'a' }).returning(users.id.as('key')),
    ]
    const keys = variants.map(keyOf)
    for (const key of keys) expect(key).toBeDefined()
    expect(new Set(keys).size).toBe(variants.length)
  })

  test('from(), with(), raw SQL or a param() leaves it without', () => {
    const recent = cte('recent', select(posts.id).from(posts))
    const unkeyed = [
      update(users).set({ name: 'a' }).from(posts),
      update(users).set({ name: 'a' }).with(recent),
      update(users).set({ name: sql`upper(name)` }),
      update(users).set({ name: param<string>('name') }),
      update(users).set({ name: 'a' }).where(sql`true`),
      update(users).set({ name: 'a' }).returning(sql<number>`1`.as('one')),
    ]
    for (const s of unkeyed) expect(keyOf(s)).toBeUndefined()
  })
})

describe('builder-made keys of deletes', () => {
  test('the same steps share a key; another table, condition or returning list does not', () => {
    const gone = (k: number) => deleteFrom(posts).where(lt(posts.id, k)).returning(posts.id)
    expect(keyOf(gone(1))).toBeDefined()
    expect(keyOf(gone(2))).toBe(keyOf(gone(1)))
    expect(valuesOf(gone(2))).toEqual([2])
    const variants = [
      deleteFrom(posts),
      deleteFrom(users),
      deleteFrom(posts).where(lt(posts.id, 1)),
      deleteFrom(posts).where(gt(posts.id, 1)),
      deleteFrom(posts).where(lt(posts.id, 1)).returning(posts.id),
      deleteFrom(posts).where(lt(posts.id, 1)).returning(posts),
      deleteFrom(posts).where(lt(posts.id, 1)).returning(posts.id.as('id')),
    ]
    const keys = variants.map(keyOf)
    for (const key of keys) expect(key).toBeDefined()
    expect(new Set(keys).size).toBe(variants.length)
  })

  test('with() or raw SQL leaves it without', () => {
    const recent = cte('recent', select(posts.id).from(posts))
    const unkeyed = [
      deleteFrom(posts)
        .where(inList(posts.id, select(recent.id).from(recent)))
        .with(recent),
      deleteFrom(posts).where(sql`true`),
      deleteFrom(posts).returning(sql<number>`1`.as('one')),
    ]
    for (const s of unkeyed) expect(keyOf(s)).toBeUndefined()
  })
})
