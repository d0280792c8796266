import { describe, expect, test } from 'vitest'
import {
  add,
  CompileError,
  currentTimestamp,
  deleteFrom,
  eq,
  excluded,
  insert,
  integer,
  param,
  select,
  table,
  text as textColumn,
  update,
  view,
} from '../../src/index.js'
import { posts, tokens, users } from './schema.js'

const value = (v: unknown, type: object) => ({ kind: 'Value', value: v, type })
const text = { kind: 'text' }
const when = new Date('2024-01-02T03:04:05Z')

describe('insert', () => {
  test('one row: property names become column names, values typed by column', () => {
    const node = insert(users).values({ email: 'a@b.c', createdAt: when }).toNode()
    expect(node.table).toEqual({ kind: 'TableRef', name: 'users' })
    // active has a constant default: filled in, so every row has the same column list.
    expect(node.columns).toEqual(['email', 'created_at'])
    expect(node.rows).toEqual([
      [
        value('a@b.c', { kind: 'varchar', length: 255 }),
        value(when, { kind: 'timestamp', withTimeZone: false }),
      ],
    ])
  })

  test('many rows share one column list: omitted columns take their default or NULL', () => {
    const node = insert(users)
      .values([
        { email: 'a', createdAt: when },
        { email: 'b', createdAt: when, name: 'B', active: false },
      ])
      .toNode()
    expect(node.columns).toEqual(['email', 'name', 'active', 'created_at'])
    expect(node.rows?.[0]?.slice(1, 3)).toEqual([
      value(null, text),
      value(true, { kind: 'boolean' }),
    ])
    expect(node.rows?.[1]?.slice(1, 3)).toEqual([
      value('B', text),
      value(false, { kind: 'boolean' }),
    ])
  })

  test('JS defaultFn columns are filled for every row', () => {
    const node = insert(tokens).values({ userId: 1 }).toNode()
    expect(node.columns).toEqual(['id', 'userId'])
    const id = node.rows?.[0]?.[0]
    expect(id).toMatchObject(value('00000000-0000-4000-8000-000000000000', { kind: 'uuid' }))
    // The function itself travels with the value, so each binding can draw a fresh one.
    expect((id as { generate?: () => unknown }).generate?.()).toBe(
      '00000000-0000-4000-8000-000000000000',
    )
  })

  test('json columns take objects; other columns refuse them', () => {
    const node = insert(users)
      .values({ email: 'a', createdAt: when, meta: { tags: ['x'] } })
      .toNode()
    expect(node.rows?.[0]).toContainEqual(value({ tags: ['x'] }, { kind: 'json' }))
    expect(() => insert(users).values({ email: { x: 1 } as never, createdAt: when })).toThrow(
      /users\.email/,
    )
  })

  test('unknown keys, missing required columns and empty lists are clear errors', () => {
    expect(() => insert(users).values({ email: 'a', createdAt: when, nope: 1 } as never)).toThrow(
      /"nope" is not a column of table "users"/,
    )
    expect(() =>
      insert(users).values([{ email: 'a', createdAt: when }, { createdAt: when } as never]),
    ).toThrow(/row 2 leaves out required column "email"/)
    expect(() =>
      insert(users).values([
        { id: 1, email: 'a', createdAt: when },
        { email: 'b', createdAt: when },
      ]),
    ).toThrow(/auto-increment column "id"/)
    expect(() => insert(users).values([])).toThrow(CompileError)
    expect(() => insert(users).toNode()).toThrow(/\.values/)
  })

  test('each set of given columns keeps its own column list, in any order of use', () => {
    const base = { email: 'a', createdAt: when }
    const cases = [
      [{ ...base }, ['email', 'created_at']],
      [{ ...base, name: 'N' }, ['email', 'name', 'created_at']],
      [{ ...base, meta: { tags: [] } }, ['email', 'meta', 'created_at']],
      [
        { ...base, name: 'N', meta: { tags: [] }, id: 7 },
        ['id', 'email', 'name', 'meta', 'created_at'],
      ],
      [{ ...base, name: undefined }, ['email', 'created_at']],
    ] as const
    for (const order of [
      [0, 1, 2, 3, 4],
      [4, 3, 2, 1, 0],
      [2, 0, 3, 1, 4],
    ]) {
      for (const i of order) {
        const [row, columns] = cases[i]!
        const node = insert(users)
          .values(row as never)
          .toNode()
        expect(node.columns).toEqual(columns)
        expect(node.rows?.[0]).toHaveLength(columns.length)
      }
    }
  })

  test('more column sets than are kept per table, and tables wider than 30 columns', () => {
    const names = Array.from({ length: 8 }, (_, i) => `c${i}`)
    const narrow = table('narrow', {
      id: integer().primaryKey().autoIncrement(),
      ...Object.fromEntries(names.map((n) => [n, textColumn()])),
    })
    // Every one of the 255 non-empty subsets, twice: past the cache's bound and back.
    for (let pass = 0; pass < 2; pass++) {
      for (let mask = 1; mask < 256; mask++) {
        const given = names.filter((_, j) => mask & (1 << j))
        const row = Object.fromEntries(given.map((n) => [n, n]))
        const node = insert(narrow)
          .values(row as never)
          .toNode()
        expect(node.columns).toEqual(given)
        expect(node.rows?.[0]).toEqual(given.map((n) => value(n, text)))
      }
    }
    const wideNames = Array.from({ length: 40 }, (_, i) => `w${i}`)
    const wide = table('wide', Object.fromEntries(wideNames.map((n) => [n, textColumn()])))
    for (const given of [['w3', 'w35'], ['w35'], ['w0', 'w39'], ['w3', 'w35']]) {
      const row = Object.fromEntries(given.map((n) => [n, n]))
      expect(
        insert(wide)
          .values(row as never)
          .toNode().columns,
      ).toEqual(given)
    }
  })

  test('views cannot be inserted into', () => {
    const v = view('v', select(users))
    expect(() => insert(v)).toThrow(/views and subqueries cannot be written to/)
  })

  test('fromSelect takes target columns from the select items', () => {
    const q = select(posts.userId.as('userId'), posts.title.as('label')).from(posts)
    const node = insert(tokens).fromSelect(q).toNode()
    expect(node.columns).toEqual(['userId', 'label'])
    expect(node.select).toBe(q.toNode())
    expect(node.rows).toBeUndefined()
    expect(() => insert(tokens).fromSelect(select(posts.title).from(posts))).toThrow(
      /yields "title", which is not a column of "tokens"/,
    )
    expect(
      insert(tokens).fromSelect(select(posts.title).from(posts), [tokens.label]).toNode().columns,
    ).toEqual(['label'])
  })

  test('upserts', () => {
    const base = insert(users).values({ email: 'a', createdAt: when })
    expect(base.onConflictDoNothing([users.email]).toNode().onConflict).toEqual({
      kind: 'OnConflict',
      target: ['email'],
      action: 'nothing',
    })
    const node = base
      .onConflictDoUpdate({
        target: [users.email],
        set: { name: excluded(users.name), active: true },
      })
      .toNode()
    expect(node.onConflict?.action).toEqual({
      set: [
        ['name', { kind: 'Excluded', column: 'name' }],
        ['active', value(true, { kind: 'boolean' })],
      ],
    })
    expect(() => base.onConflictDoNothing([posts.id])).toThrow(/not a column of table "users"/)
    expect(base.toNode().onConflict).toBeUndefined()
  })

  test('returning gives a shape like select', () => {
    const stmt = insert(users)
      .values({ email: 'a', createdAt: when })
      .returning(users, users.id.as('newId'))
    expect(stmt.shape?.map((s) => s.kind)).toEqual(['entity', 'value'])
    expect(stmt.toNode().returning).toHaveLength(7)
    expect(insert(users).values({ email: 'a', createdAt: when }).shape).toBeUndefined()
    expect(() => insert(users).returning(posts.id)).toThrow(/only reads users/)
  })
})

describe('update', () => {
  test('set with values and expressions, where, returning', () => {
    const stmt = update(posts)
      .set({ title: 'T', publishedAt: currentTimestamp() })
      .set({ userId: add(posts.userId, 1) })
      .where(eq(posts.id, param('id')))
      .returning(posts.id)
    const node = stmt.toNode()
    expect(node.set).toEqual([
      ['title', value('T', text)],
      ['publishedAt', { kind: 'CurrentTimestamp' }],
      [
        'userId',
        {
          kind: 'Binary',
          op: '+',
          left: { kind: 'Column', table: 'posts', name: 'userId' },
          right: value(1, { kind: 'integer' }),
        },
      ],
    ])
    expect(node.where).toMatchObject({
      right: { kind: 'Param', name: 'id', type: { kind: 'integer' } },
    })
    expect(stmt.shape).toEqual([{ kind: 'value', type: { kind: 'integer' } }])
  })

  test('a later assignment of the same column wins', () => {
    expect(update(posts).set({ title: 'a' }).set({ title: 'b' }).toNode().set).toEqual([
      ['title', value('b', text)],
    ])
  })

  test('update from another table; returning may read it', () => {
    const node = update(users)
      .set({ name: 'x' })
      .from(posts)
      .where(eq(posts.userId, users.id))
      .returning(posts.title)
      .toNode()
    expect(node.from).toEqual([{ kind: 'TableRef', name: 'posts' }])
    expect(() => update(users).set({ name: 'x' }).returning(posts.title)).toThrow(
      /only reads users/,
    )
  })

  test('unknown keys and empty sets are clear errors', () => {
    expect(() => update(users).set({ nope: 1 } as never)).toThrow(/"nope" is not a column/)
    expect(() => update(users).toNode()).toThrow(/sets no column/)
    expect(() => update(users).set({ name: undefined })).toThrow(/no column to set/)
  })
})

describe('deleteFrom', () => {
  test('where and returning', () => {
    const stmt = deleteFrom(users).where(eq(users.id, 3)).returning(users)
    expect(stmt.toNode()).toMatchObject({
      kind: 'Delete',
      table: { kind: 'TableRef', name: 'users' },
      where: { kind: 'Binary', right: value(3, { kind: 'integer' }) },
    })
    expect(stmt.shape?.[0]).toMatchObject({ kind: 'entity', nullable: false })
    expect(deleteFrom(users).toNode().where).toBeUndefined()
  })
})
