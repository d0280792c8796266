import { describe, expect, test } from 'vitest'
import { type Capabilities, eq, insert, param, select, sql, sqlite } from '../../src/index.js'
import { Executor } from '../../src/session/executor.js'
import { posts, users } from '../statements/schema.js'

const capabilities: Capabilities = {
  returning: { insert: true, update: true, delete: true },
  savepoints: true,
  isolationLevels: ['serializable'],
  readOnly: true,
  concurrentConnections: false,
}

describe('plans shared by statements built per call', () => {
  test('statements of the same SQL share the mapper, and each binds its own values', () => {
    const executor = new Executor(sqlite, capabilities)
    const first = executor.plan(select(users).where(eq(users.id, 1)))
    const second = executor.plan(select(users).where(eq(users.id, 2)))
    expect(second.compiled).not.toBe(first.compiled)
    expect(second.mapper).toBe(first.mapper)
    expect(second.sql).toBe(first.sql)
    expect(first.binder.bind(undefined)).toEqual([1])
    expect(second.binder.bind(undefined)).toEqual([2])
  })

  test('the same SQL with slots of another type or name gets its own codecs', () => {
    const executor = new Executor(sqlite, capabilities)
    const when = new Date('2024-01-02T03:04:05.000Z')
    // Both compile to the same text; eq() gives the slot the column's timestamp codec, the
    // sql template leaves it untyped.
    const typed = executor.plan(select(users.id).from(users).where(eq(users.createdAt, when)))
    const untyped = executor.plan(
      select(users.id).from(users).where(sql<boolean>`${users.createdAt} = ${'2024'}`),
    )
    expect(untyped.sql).toBe(typed.sql)
    expect(untyped.binder.bind(undefined)).toEqual(['2024'])
    expect(typed.binder.bind(undefined)).not.toEqual([when])
    expect(typed.binder.bind(undefined)).toEqual([expect.any(String)])
    const byA = executor.plan(sql`select ${param('a')}`)
    const byB = executor.plan(sql`select ${param('b')}`)
    expect(byA.binder.bind({ a: 1 })).toEqual([1])
    expect(() => byB.binder.bind({ a: 1 })).toThrow(/Missing value for parameter "b"/)
  })

  test('the same SQL with another result shape gets its own mapper', () => {
    const executor = new Executor(sqlite, capabilities)
    const row = insert(posts).values({ id: 1, userId: 1, title: 't' })
    const returningId = executor.plan(row.returning(posts.id))
    const plain = executor.plan(insert(posts).values({ id: 2, userId: 1, title: 't' }))
    expect(plain.mapper).toBeUndefined()
    expect(returningId.mapper).toBeDefined()
  })
})
