import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import type * as N from '../../src/ast/nodes.js'
import { createAll, dropAll } from '../../src/schema/ddl.js'
import {
  and,
  as,
  bin,
  col,
  eq,
  fn,
  order,
  param,
  ref,
  select,
  setOp,
  val,
} from '../compile/nodes.js'
import { openers, type TestDb } from './databases.js'
import { everything, NOTE_DEFAULT } from './schema.js'

/*
 * The compilers' SQL, executed for real: the DDL of a schema with every column type, and
 * each statement kind, on PostgreSQL, MariaDB and SQLite through the raw drivers.
 */

const u = (name: string) => col('users', name)
const insertUsers = (rows: unknown[][], extra: Partial<N.InsertNode> = {}): N.InsertNode => ({
  kind: 'Insert',
  table: ref('users'),
  columns: ['email', 'org_id', 'visits', 'active', 'meta'],
  rows: rows.map((r) => r.map(val)),
  ...extra,
})

describe.each(Object.keys(openers) as (keyof typeof openers)[])('%s', (dialect) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openers[dialect]()
    await db.runAll(createAll(everything))
  })
  afterAll(async () => {
    await db?.close()
  })

  test('createAll made every table and the view; DDL defaults come back exactly', async () => {
    const orgs = await db.run(
      db.compile({
        kind: 'Insert',
        table: ref('orgs'),
        columns: ['name'],
        rows: [[val('acme')], [val('initech')]],
        returning: [col('orgs', 'id')],
      }),
    )
    expect(orgs.rows.map((r) => Number(r[0]))).toEqual([1, 2])

    await db.run(
      db.compile({ kind: 'Insert', table: ref('users'), columns: ['email'], rows: [[val('d@x')]] }),
    )
    const row = await db.run(
      db.compile(
        select({
          columns: [
            u('visits'),
            u('status'),
            u('note'),
            u('created_at'),
            u('price'),
            u('born'),
            u('ratio'),
            u('active'),
            u('nonce'),
          ],
          from: [ref('users')],
          where: eq(u('email'), val('d@x')),
        }),
      ),
    )
    const [visits, status, note, createdAt, price, born, ratio, active, nonce] = row.rows[0]!
    expect(Number(visits)).toBe(0)
    expect(status).toBe('active')
    expect(note).toBe(NOTE_DEFAULT)
    expect(createdAt).not.toBeNull()
    expect(String(price)).toMatch(/^0(\.00)?$/)
    expect(born === '2000-01-31' || born instanceof Date).toBe(true)
    expect(Number(ratio)).toBe(-1.5)
    expect(Number(active)).not.toBe(0)
    // A JavaScript default is the session's job; the DDL leaves the column alone.
    expect(nonce).toBeNull()
  })

  test('check constraints, enums and foreign keys are enforced', async () => {
    await expect(
      db.run(db.compile(insertUsers([['neg@x', null, -1, true, '{}']]))),
    ).rejects.toThrow()
    await expect(
      db.run(
        db.compile({
          kind: 'Insert',
          table: ref('users'),
          columns: ['email', 'status'],
          rows: [[val('e@x'), val('nope')]],
        }),
      ),
    ).rejects.toThrow()
    await expect(db.run(db.compile(insertUsers([['fk@x', 999, 1, true, '{}']])))).rejects.toThrow()
  })

  test('insert many rows, then upsert (do update, do nothing)', async () => {
    const many = await db.run(
      db.compile(
        insertUsers([
          ['a@x', 1, 1, true, '{"tags":["a"]}'],
          ['b@x', 1, 2, false, '{"tags":[]}'],
          ['c@x', 2, 3, true, '{"tags":["c"]}'],
        ]),
      ),
    )
    expect(many.rowCount).toBe(3)

    const upsert = insertUsers([['a@x', 1, 10, true, '{}']], {
      onConflict: {
        kind: 'OnConflict',
        target: ['email'],
        action: {
          set: [
            ['name', val('again')],
            ['visits', bin('+', u('visits'), { kind: 'Excluded', column: 'visits' })],
          ],
        },
      },
    })
    await db.run(db.compile(upsert))
    const ignored = insertUsers([['b@x', 1, 50, true, '{}']], {
      onConflict: { kind: 'OnConflict', target: ['email'], action: 'nothing' },
    })
    expect((await db.run(db.compile(ignored))).rowCount).toBe(0)

    const after = await db.run(
      db.compile(
        select({
          columns: [u('email'), u('name'), u('visits')],
          from: [ref('users')],
          where: { kind: 'In', expr: u('email'), list: [val('a@x'), val('b@x')], negated: false },
          orderBy: [order(u('email'))],
        }),
      ),
    )
    expect(after.rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual([
      ['a@x', 'again', 11],
      ['b@x', null, 2],
    ])
  })

  test('insert ... returning', async () => {
    const r = await db.run(
      db.compile(
        insertUsers([['r@x', 2, 5, true, '{}']], { returning: [u('email'), u('visits')] }),
      ),
    )
    expect(r.rows.map((row) => [row[0], Number(row[1])])).toEqual([['r@x', 5]])
  })

  test('select with a CTE, joins, a window function, NULLS LAST and a bound LIMIT/OFFSET', async () => {
    const perOrg = select({
      columns: [
        as(col('users', 'org_id'), 'org_id'),
        as({ kind: 'Function', name: 'count', args: [], star: true }, 'n'),
      ],
      from: [ref('users')],
      groupBy: [col('users', 'org_id')],
    })
    const node = select({
      with: {
        kind: 'With',
        recursive: false,
        ctes: [{ kind: 'Cte', name: 'per_org', query: perOrg }],
      },
      columns: [
        u('email'),
        col('o', 'name'),
        col('c', 'n'),
        as(
          {
            kind: 'Window',
            fn: fn('row_number'),
            partitionBy: [u('org_id')],
            orderBy: [order(u('visits'), 'desc')],
          },
          'rank_in_org',
        ),
      ],
      from: [ref('users')],
      joins: [
        {
          kind: 'Join',
          type: 'left',
          table: ref('orgs', 'o'),
          on: eq(col('o', 'id'), u('org_id')),
        },
        {
          kind: 'Join',
          type: 'inner',
          table: ref('per_org', 'c'),
          on: eq(col('c', 'org_id'), u('org_id')),
        },
      ],
      where: {
        kind: 'Like',
        expr: u('email'),
        pattern: val('%@X'),
        caseInsensitive: true,
        negated: false,
      },
      orderBy: [order(col('o', 'name'), 'asc', 'last'), order(u('email'))],
      limit: param('limit'),
      offset: val(1),
    })
    const r = await db.run(db.compile(node), { limit: 3 })
    expect(r.rows.map((row) => [row[0], row[1], Number(row[2]), Number(row[3])])).toEqual([
      ['b@x', 'acme', 2, 2],
      ['c@x', 'initech', 2, 2],
      ['r@x', 'initech', 2, 1],
    ])
  })

  test('NULLS FIRST puts the user without an org first on every dialect', async () => {
    const node = select({
      columns: [u('email')],
      from: [ref('users')],
      orderBy: [order(u('org_id'), 'asc', 'first'), order(u('email'))],
      limit: val(2),
    })
    expect((await db.run(db.compile(node))).rows).toEqual([['d@x'], ['a@x']])
  })

  test('set operations and the view', async () => {
    const emails = (where: N.ExprNode) =>
      select({ columns: [u('email')], from: [ref('users')], where })
    const node = setOp(
      'except',
      setOp('union', emails(eq(u('org_id'), val(1))), emails(eq(u('org_id'), val(2)))),
      setOp(
        'intersect',
        emails(eq(u('active'), val(false))),
        emails(bin('>', u('visits'), val(0))),
      ),
      { orderBy: [order(u('email'), 'desc')] },
    )
    expect((await db.run(db.compile(node))).rows).toEqual([['r@x'], ['c@x'], ['a@x']])

    const fromView = select({
      columns: [col('active_users', 'email')],
      from: [ref('active_users')],
      orderBy: [order(col('active_users', 'email'))],
    })
    expect((await db.run(db.compile(fromView))).rows).toEqual([['a@x'], ['c@x'], ['d@x'], ['r@x']])
  })

  test('update with expressions, and update from another table', async () => {
    const bump = await db.run(
      db.compile({
        kind: 'Update',
        table: ref('users'),
        set: [['visits', bin('*', u('visits'), val(2))]],
        from: [],
        where: eq(u('org_id'), val(2)),
      }),
    )
    expect(bump.rowCount).toBe(2)
    const fromOrgs = await db.run(
      db.compile({
        kind: 'Update',
        table: ref('users'),
        set: [['name', bin('concat', col('o', 'name'), val('!'))]],
        from: [ref('orgs', 'o')],
        where: and(eq(col('o', 'id'), u('org_id')), eq(u('email'), val('c@x'))),
      }),
    )
    expect(fromOrgs.rowCount).toBe(1)
    const r = await db.run(
      db.compile(
        select({
          columns: [u('name'), u('visits')],
          from: [ref('users')],
          where: eq(u('email'), val('c@x')),
        }),
      ),
    )
    expect(r.rows.map((row) => [row[0], Number(row[1])])).toEqual([['initech!', 6]])
  })

  test('delete ... returning', async () => {
    const r = await db.run(
      db.compile({
        kind: 'Delete',
        table: ref('users'),
        where: { kind: 'In', expr: u('email'), list: [val('r@x'), val('zz@x')], negated: false },
        returning: [u('email')],
      }),
    )
    expect(r.rows).toEqual([['r@x']])
    const none = await db.run(
      db.compile({
        kind: 'Delete',
        table: ref('users'),
        where: { kind: 'In', expr: u('id'), list: [], negated: false },
      }),
    )
    expect(none.rowCount).toBe(0)
  })

  test('dropAll removes everything, in an order every database accepts, and is repeatable', async () => {
    await db.runAll(dropAll(everything))
    await db.runAll(dropAll(everything))
    await expect(
      db.run(db.compile(select({ columns: [u('id')], from: [ref('users')] }))),
    ).rejects.toThrow()
    // The enum type is gone too, so the schema can be created again from scratch.
    await db.runAll(createAll(everything))
    await db.runAll(dropAll(everything))
  })
})
