import { describe, expect, test } from 'vitest'
import type { RawStatementNode } from '../../src/ast/nodes.js'
import { valueNode } from '../../src/expressions/operand.js'
import {
  add,
  alias,
  and,
  between,
  bundle,
  type Capabilities,
  caseWhen,
  coalesce,
  count,
  createAll,
  cte,
  type Dialect,
  deleteFrom,
  eq,
  excluded,
  gt,
  inList,
  insert,
  integer,
  isNull,
  like,
  max,
  mysql,
  not,
  notInList,
  or,
  param,
  postgres,
  rowNumber,
  Statement,
  select,
  sql,
  sqlite,
  table,
  text,
  update,
  view,
} from '../../src/index.js'
import { withMapping } from '../../src/result/driver-mapping.js'
import type { ColumnType } from '../../src/schema/column-type.js'
import { Executor } from '../../src/session/executor.js'
import { posts, users } from '../statements/schema.js'
import { ownBinder } from './own-binder.js'

const capabilities: Capabilities = {
  returning: { insert: true, update: true, delete: true },
  savepoints: true,
  isolationLevels: ['serializable'],
  readOnly: true,
  concurrentConnections: false,
}

const bound = (executor: Executor, statement: Statement, parameters?: Record<string, unknown>) => {
  const plan = executor.plan(statement)
  return { sql: plan.sql, values: plan.binder.bind(parameters, plan.values) }
}

/** What the statement compiles to on its own, without any cache. */
const alone = (dialect: Dialect, statement: Statement, parameters?: Record<string, unknown>) => {
  const compiled = dialect.compile(statement.toNode(), statement.shape)
  return { sql: compiled.sql, values: ownBinder(compiled, dialect, 65_535).bind(parameters) }
}

describe('plans shared by statements built per call', () => {
  test('statements of the same shape share SQL, binder and mapper, and each binds its own values', () => {
    const executor = new Executor(sqlite, capabilities)
    const first = executor.plan(select(users).where(eq(users.id, 1)))
    const second = executor.plan(select(users).where(eq(users.id, 2)))
    expect(second.compiled).toBe(first.compiled)
    expect(second.binder).toBe(first.binder)
    expect(second.mapper).toBe(first.mapper)
    expect(first.binder.bind(undefined, first.values)).toEqual([1])
    expect(second.binder.bind(undefined, second.values)).toEqual([2])
  })

  test('scalar() lets a driver stop after the first row of a read, never of a write', () => {
    const executor = new Executor(sqlite, capabilities)
    const read = executor.plan(select(users).where(eq(users.id, 1))).mapping!
    expect(read.scalar.firstRowOnly).toBe(true)
    expect(read.scalar.mapRow).toBe(read.scalars.mapRow)
    expect(read.scalars.firstRowOnly).toBeUndefined()
    expect(read.tuples.firstRowOnly).toBeUndefined()
    const write = executor.plan(
      update(users).set({ name: 'x' }).where(eq(users.id, 1)).returning(users.id),
    ).mapping!
    expect(write.scalar.firstRowOnly).toBeUndefined()
  })

  test("every view tells the driver each column's declared type, a timeout or not", () => {
    const executor = new Executor(mysql, capabilities)
    const mapping = executor.plan(
      select(posts, users.createdAt).from(posts).innerJoin(users, eq(users.id, posts.userId)),
    ).mapping!
    for (const options of [mapping.tuples, mapping.scalars, mapping.scalar]) {
      expect(options.columnTypes?.map((type) => type?.kind)).toEqual([
        'integer',
        'integer',
        'text',
        'timestamp',
        'timestamp',
      ])
      expect(withMapping({ timeoutMs: 50 }, options)).toEqual({ ...options, timeoutMs: 50 })
    }
  })

  test('a statement run again keeps its plan', () => {
    const executor = new Executor(sqlite, capabilities)
    const byId = select(users).where(eq(users.id, param('id')))
    expect(executor.plan(byId)).toBe(executor.plan(byId))
    // Another factory's executor makes its own.
    expect(new Executor(sqlite, capabilities).plan(byId)).not.toBe(executor.plan(byId))
  })

  test('the same SQL with slots of another type or name gets its own codecs', () => {
    const executor = new Executor(sqlite, capabilities)
    const when = new Date('2024-01-02T03:04:05.000Z')
    // Both compile to the same text; eq() gives the slot the column's timestamp codec, the
    // sql template leaves it untyped.
    const typed = bound(executor, select(users.id).from(users).where(eq(users.createdAt, when)))
    const untyped = bound(
      executor,
      select(users.id).from(users).where(sql<boolean>`${users.createdAt} = ${'2024'}`),
    )
    expect(untyped.sql).toBe(typed.sql)
    expect(untyped.values).toEqual(['2024'])
    expect(typed.values).toEqual([expect.any(String)])
    expect(typed.values).not.toEqual([when])
    expect(bound(executor, sql`select ${param('a')}`, { a: 1 }).values).toEqual([1])
    expect(() => bound(executor, sql`select ${param('b')}`, { a: 1 })).toThrow(
      /Missing value for parameter "b"/,
    )
  })

  test('the same SQL with another result shape gets its own mapper', () => {
    const executor = new Executor(sqlite, capabilities)
    const row = insert(posts).values({ id: 1, userId: 1, title: 't' })
    const returningId = executor.plan(row.returning(posts.id))
    const plain = executor.plan(insert(posts).values({ id: 2, userId: 1, title: 't' }))
    expect(plain.mapper).toBeUndefined()
    expect(returningId.mapper).toBeDefined()
    const asEntity = executor.plan(select(posts).where(eq(posts.id, 1)))
    const asColumns = executor.plan(
      select(posts.id, posts.userId, posts.title, posts.publishedAt)
        .from(posts)
        .where(eq(posts.id, 1)),
    )
    expect(asColumns.sql).toBe(asEntity.sql)
    expect(asColumns.mapper).not.toBe(asEntity.mapper)
  })

  test('statements that differ only in where a value sits, or in its type, share nothing', () => {
    const executor = new Executor(sqlite, capabilities)
    const ids = () => select(users.id).from(users).orderBy(users.id)
    const limited = bound(executor, ids().limit(5))
    const skipped = bound(executor, ids().offset(5))
    expect(skipped).toEqual(alone(sqlite, ids().offset(5)))
    expect(skipped.sql).not.toBe(limited.sql)
    // Two trees alike but for the column type of one value: the same SQL, other codecs.
    const template = (type: ColumnType) => {
      const node: RawStatementNode = {
        kind: 'RawStatement',
        template: {
          kind: 'SqlTemplate',
          strings: ['select ', ''],
          values: [valueNode(new Date(Date.UTC(2024, 0, 2)), type, 'test')],
        },
      }
      return new (class extends Statement {
        toNode = () => node
        shape = undefined
      })()
    }
    const asText = bound(executor, template({ kind: 'json' }))
    const asTimestamp = bound(executor, template({ kind: 'timestamp', withTimeZone: false }))
    expect(asTimestamp.sql).toBe(asText.sql)
    expect(asTimestamp.values).toEqual(
      alone(sqlite, template({ kind: 'timestamp', withTimeZone: false })).values,
    )
    expect(asTimestamp.values).not.toEqual(asText.values)
  })

  test('a keyed statement the dialect refuses fails on every call; nothing is cached for it', () => {
    const executor = new Executor(mysql, capabilities)
    const change = (k: number) =>
      update(users)
        .set({ name: `n${k}` })
        .returning(users.id)
    expect(change(1).buildKey).toBeDefined()
    expect(() => executor.plan(change(1))).toThrow(/UPDATE \.\.\. RETURNING is not supported/)
    expect(() => executor.plan(change(2))).toThrow(/UPDATE \.\.\. RETURNING is not supported/)
  })

  test('a defaultFn value is made afresh for every binding of a shared plan', () => {
    const executor = new Executor(sqlite, capabilities)
    let made = 0
    const stamped = table('stamped', { id: integer().defaultFn(() => ++made), label: text() })
    const a = executor.plan(insert(stamped).values({ label: 'a' }))
    const b = executor.plan(insert(stamped).values({ label: 'b' }))
    expect(b.compiled).toBe(a.compiled)
    const rows = [
      a.binder.bind(undefined, a.values),
      a.binder.bind(undefined, a.values),
      b.binder.bind(undefined, b.values),
    ]
    expect(rows.map((r) => r[1])).toEqual(['a', 'a', 'b'])
    expect(new Set(rows.map((r) => r[0])).size).toBe(3)
  })

  test('DDL, whose values are written into the SQL, is never shared by shape', () => {
    const executor = new Executor(postgres, capabilities)
    const over = (min: number) =>
      view('big_ids', select(users.id).from(users).where(gt(users.id, min)))
    const [one] = createAll([over(1)])
    const [two] = createAll([over(2)])
    const first = executor.plan(one!)
    const second = executor.plan(two!)
    expect(second.sql).not.toBe(first.sql)
    expect(second.sql).toBe(alone(postgres, two!).sql)
    expect(second.values).toEqual([])
  })
})

/*
 * Every statement form, each built twice with different values: through one executor the
 * second finds the first one's template, and must still send exactly what compiling it on its
 * own sends. Values differ in every position so a value taken from the wrong place shows.
 */
const forms: ((k: number) => Statement)[] = [
  (k) => select(users).where(eq(users.id, k)),
  (k) => select(users).where(between(users.id, k, k + 10)),
  (k) =>
    select(users.email)
      .from(users)
      .where(and(eq(users.active, k % 2 === 0), gt(users.id, k))),
  (k) =>
    select(users.id)
      .from(users)
      .where(or(like(users.email, `%${k}`), eq(users.name, `n${k}`))),
  (k) =>
    select(users.id)
      .from(users)
      .where(inList(users.id, [k, k + 1, k + 2])),
  (k) =>
    select(users.id)
      .from(users)
      .orderBy(users.id)
      .limit(k)
      .offset(k + 3),
  (k) =>
    select(posts, users)
      .from(posts)
      .innerJoin(users, eq(users.id, posts.userId))
      .where(and(gt(posts.id, k), eq(users.email, `e${k}`))),
  (k) => select(caseWhen(gt(users.id, k), `big${k}`).else(`small${k}`).as('size')).from(users),
  (k) => {
    const recent = cte('recent', select(posts.id, posts.userId).from(posts).where(gt(posts.id, k)))
    return select(recent.id)
      .from(recent)
      .where(eq(recent.userId, k + 1))
      .with(recent)
  },
  (k) =>
    insert(users).values([
      { email: `a${k}`, createdAt: new Date(k * 1000) },
      { email: `b${k}`, createdAt: new Date(k * 2000), name: `n${k}` },
    ]),
  (k) =>
    insert(posts)
      .values({ id: k, userId: k + 1, title: `t${k}` })
      .onConflictDoUpdate({ target: [posts.id], set: { title: excluded(posts.title) } }),
  (k) =>
    update(users)
      .set({ email: `x${k}`, active: k % 2 === 1 })
      .where(eq(users.id, k + 5)),
  (k) => deleteFrom(posts).where(and(gt(posts.id, k), eq(posts.title, `t${k + 1}`))),
  (k) => sql`select ${k} + ${k + 1}, ${`s${k}`}`,
  (k) => select(users).where(and(eq(users.id, param('id')), gt(users.id, k))),
  // Keyed by their builders (statements/build-key.ts), with values met in another order than
  // the SQL's, and a limit given twice.
  (k) =>
    select(users)
      .from(users)
      .offset(k + 3)
      .limit(k)
      .where(not(eq(users.id, k + 1)))
      .orderBy(users.id.desc('last'))
      .limit(k + 2),
  (k) =>
    select(users, posts)
      .from(users, posts)
      .where(and(isNull(users.name), like(users.email, `%${k}`), notInList(posts.id, [k, k + 1])))
      .where(between(posts.publishedAt, new Date(k * 1000), new Date(k * 2000))),
  (k) =>
    select(users.id, posts.title)
      .from(users)
      .leftJoin(posts, and(eq(posts.userId, users.id), gt(posts.id, k)))
      .where(eq(users.email, `e${k}`))
      .limit(k + 1),
  (k) =>
    insert(users)
      .values([
        { email: `a${k}`, createdAt: new Date(k * 1000), meta: { tags: [`t${k}`] } },
        { email: `b${k}`, createdAt: new Date(k * 2000), name: `n${k}`, active: k % 2 === 0 },
      ])
      .returning(users.id, users.email),
  (k) =>
    update(users)
      .set({ name: `n${k}`, email: `e${k}` })
      .where(between(users.id, k, k + 9))
      .set({ name: `m${k}`, active: k % 2 === 0 }),
  (k) => {
    const author = alias(users, 'author')
    return select(author).where(gt(author.createdAt, new Date(k * 1000)))
  },
  // Keyed select lists: expressions with values, labels, bundles, aggregates, grouping.
  (k) =>
    select(
      add(users.id, k).as('next'),
      coalesce(users.name, `anon${k}`),
      bundle({ id: users.id, label: coalesce(users.name, `b${k}`) }),
    )
      .from(users)
      .where(gt(users.id, k + 1)),
  (k) =>
    select(posts.userId, count().as('n'), max(posts.publishedAt))
      .from(posts)
      .where(gt(posts.id, k))
      .groupBy(posts.userId)
      .having(gt(count(), k + 2))
      .orderBy(posts.userId)
      .distinct(),
  (k) =>
    deleteFrom(posts)
      .where(eq(posts.id, k))
      .returning(add(posts.id, k + 1).as('next'), posts.title),
]

describe.each([postgres, mysql, sqlite])('shared plans on %s', (dialect) => {
  test.each(forms.map((form, i) => [i, form] as const))(
    'form %i sends what it compiles to on its own',
    (_, form) => {
      const executor = new Executor(dialect, capabilities)
      const parameters = form(0).toNode().kind === 'Select' ? { id: 77 } : undefined
      for (const k of [3, 11, 3]) {
        const statement = form(k)
        const needs = dialect.compile(statement.toNode(), statement.shape).paramNames.length > 0
        const given = needs ? parameters : undefined
        expect(bound(executor, statement, given)).toEqual(alone(dialect, statement, given))
      }
    },
  )

  test('statements of many different shapes keep binding right past the index bound', () => {
    const executor = new Executor(dialect, capabilities)
    // A window function keeps these statements off the builder-made keys: the walk is tested.
    const byIds = (ids: number[]) =>
      select(users.id, rowNumber().over({ orderBy: [users.id] }))
        .from(users)
        .where(inList(users.id, ids))
    for (let n = 1; n <= 400; n++) {
      const statement = byIds(Array.from({ length: n }, (_, i) => i * 7 + n))
      expect(statement.buildKey).toBeUndefined()
      expect(bound(executor, statement)).toEqual(alone(dialect, statement))
    }
    expect(bound(executor, byIds([5, 6]))).toEqual(alone(dialect, byIds([5, 6])))
  })

  test('statements keyed by their builders keep binding right past the key bounds', () => {
    const executor = new Executor(dialect, capabilities)
    const byIds = (n: number) => {
      const ids = Array.from({ length: n }, (_, i) => i * 7 + n)
      return select(users).where(inList(users.id, ids))
    }
    for (let n = 1; n <= 400; n++) {
      const statement = byIds(n)
      expect(statement.buildKey).toBeDefined()
      expect(bound(executor, statement)).toEqual(alone(dialect, statement))
    }
    expect(bound(executor, byIds(2))).toEqual(alone(dialect, byIds(2)))
  })
})
