import { describe, expect, test } from 'vitest'
import { type Capabilities, excluded, insert, param, sqlite } from '../../src/index.js'
import { Executor } from '../../src/session/executor.js'
import { posts } from '../statements/schema.js'

const capabilities = (maxParameters: number, batchInserts = true): Capabilities => ({
  returning: { insert: true, update: true, delete: true },
  savepoints: true,
  isolationLevels: ['serializable'],
  readOnly: true,
  concurrentConnections: false,
  maxParameters,
  batchInserts,
})

const insertPost = insert(posts).values({ id: param('id'), userId: param('userId'), title: 'x' })
const sets = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i, userId: 100 + i }))

describe('executemany folding of single-row inserts', () => {
  test('parameter sets become multi-row inserts under the parameter limit, values in row order', () => {
    const executor = new Executor(sqlite, capabilities(9))
    const plan = executor.plan(insertPost)
    const steps = executor.batches(insertPost, plan, sets(7))!
    // 3 values per row, at most 9 per statement: 3 rows, 3 rows, then 1.
    expect(steps.map((s) => s.values.length)).toEqual([9, 9, 3])
    expect(steps[0]!.values).toEqual([0, 100, 'x', 1, 101, 'x', 2, 102, 'x'])
    expect(steps[2]!.values).toEqual([6, 106, 'x'])
    expect(steps[0]!.sql.match(/\?/g)).toHaveLength(9)
    expect(steps.every((s) => s.values.length <= 9)).toBe(true)
  })

  test('under a high driver limit, a batch still binds at most 4,096 values', () => {
    const executor = new Executor(sqlite, capabilities(65_535))
    const plan = executor.plan(insertPost)
    const rows = executor.batches(insertPost, plan, sets(3000))!.map((s) => s.values.length / 3)
    // 3 values per row: 1,365 rows a batch, then powers of two for the rest.
    expect(rows).toEqual([1365, 1365, 256, 8, 4, 2])
  })

  test('the rest after full batches goes in power-of-two batches, so few variants are compiled', () => {
    const executor = new Executor(sqlite, capabilities(3 * 100))
    const plan = executor.plan(insertPost)
    const rows = executor.batches(insertPost, plan, sets(237))!.map((s) => s.values.length / 3)
    expect(rows).toEqual([100, 100, 32, 4, 1])
  })

  test('a compiled variant is reused for the same batch size', () => {
    const executor = new Executor(sqlite, capabilities(9))
    const plan = executor.plan(insertPost)
    const a = executor.batches(insertPost, plan, sets(3))!
    const b = executor.batches(insertPost, plan, sets(3))!
    expect(a[0]!.sql).toBe(b[0]!.sql)
  })

  test('an upsert whose update binds its own values is not folded', () => {
    const upsert = insert(posts)
      .values({ id: param('id'), userId: param('userId'), title: 'x' })
      .onConflictDoUpdate({ target: [posts.id], set: { title: param('title') } })
    const executor = new Executor(sqlite, capabilities(100))
    expect(
      executor.batches(upsert, executor.plan(upsert), [
        { id: 1, userId: 1, title: 't' },
        { id: 2, userId: 2, title: 't' },
      ]),
    ).toBeUndefined()
  })

  test('an upsert that binds nothing outside the row is folded', () => {
    const upsert = insert(posts)
      .values({ id: param('id'), userId: param('userId'), title: 'x' })
      .onConflictDoUpdate({ target: [posts.id], set: { title: excluded(posts.title) } })
    const executor = new Executor(sqlite, capabilities(100))
    expect(executor.batches(upsert, executor.plan(upsert), sets(2))).toHaveLength(1)
  })

  test('a driver that prefers executeMany gets no folding', () => {
    const executor = new Executor(sqlite, capabilities(100, false))
    expect(executor.batches(insertPost, executor.plan(insertPost), sets(5))).toBeUndefined()
  })

  test('a bad parameter set anywhere is refused while folding, before any SQL is sent', () => {
    const executor = new Executor(sqlite, capabilities(9))
    const bad = [...sets(5), { id: 1 }]
    expect(() => executor.batches(insertPost, executor.plan(insertPost), bad)).toThrow('"userId"')
  })
})
