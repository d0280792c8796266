import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { enumOf, integer } from '../../src/schema/column.js'
import { createAll } from '../../src/schema/ddl.js'
import { table } from '../../src/schema/table.js'
import { col, order, ref, select, val } from '../compile/nodes.js'
import { openers, type TestDb } from './databases.js'
import { everything } from './schema.js'

/*
 * createAll(..., { ifNotExists: true }) as a service runs it at every start: on an empty
 * database, then again on the one it made, with rows in it.
 */

describe.each(Object.keys(openers) as (keyof typeof openers)[])('%s', (dialect) => {
  let db: TestDb
  beforeAll(async () => {
    db = await openers[dialect]()
  })
  afterAll(async () => {
    await db?.close()
  })

  const insertUser = (email: string) =>
    db.run(
      db.compile({
        kind: 'Insert',
        table: ref('users'),
        columns: ['email'],
        rows: [[val(email)]],
      }),
    )

  test('running it twice succeeds, keeps the rows and leaves indexes, checks and the view working', async () => {
    await db.runAll(createAll(everything, { ifNotExists: true }))
    await insertUser('a@x')
    await db.runAll(createAll(everything, { ifNotExists: true }))
    await insertUser('b@x')

    // The unique index still holds, and so do the enum and the check.
    await expect(insertUser('a@x')).rejects.toThrow()
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
    const fromView = select({
      columns: [col('active_users', 'email')],
      from: [ref('active_users')],
      orderBy: [order(col('active_users', 'email'))],
    })
    expect((await db.run(db.compile(fromView))).rows).toEqual([['a@x'], ['b@x']])
  })

  test('an enum type whose name and values hold quotes is created once, then kept', async () => {
    const quoted = table('quoted', { id: integer().primaryKey(), k: enumOf("it's", ["a'b", 'c']) })
    await db.runAll(createAll([quoted], { ifNotExists: true }))
    await db.runAll(createAll([quoted], { ifNotExists: true }))
    await db.run(
      db.compile({
        kind: 'Insert',
        table: ref('quoted'),
        columns: ['id', 'k'],
        rows: [[val(1), val("a'b")]],
      }),
    )
    const rows = await db.run(
      db.compile(select({ columns: [col('quoted', 'k')], from: [ref('quoted')] })),
    )
    expect(rows.rows).toEqual([["a'b"]])
  })

  test('without the option a second run still fails', async () => {
    const once = table('once', { id: integer().primaryKey() })
    await db.runAll(createAll([once]))
    await expect(db.runAll(createAll([once]))).rejects.toThrow()
  })
})
