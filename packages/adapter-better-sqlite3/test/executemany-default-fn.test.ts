import { randomUUID } from 'node:crypto'
import {
  createAll,
  createSessionFactory,
  insert,
  param,
  select,
  table,
  text,
  uuid,
} from '@nakedsql/core'
import { describe, expect, test } from 'vitest'
import { betterSqlite3Adapter } from '../src/index.js'

/* A column's JS defaultFn gives every row its own value, in executemany as well. */

const tokens = table('tokens', {
  id: uuid()
    .primaryKey()
    .defaultFn(() => randomUUID()),
  label: text().notNull(),
})

const ids = select(tokens.id).from(tokens)

describe('defaultFn in executemany', () => {
  test('three parameter sets get three distinct ids', async () => {
    const db = createSessionFactory(betterSqlite3Adapter({ filename: ':memory:' }))
    await db.begin(async (s) => {
      for (const statement of createAll([tokens])) await s.execute(statement)
    })
    const add = insert(tokens).values({ label: param('label') })
    await db.begin((s) => s.execute(add, [{ label: 'a' }, { label: 'b' }, { label: 'c' }]))
    // The same built statement run again draws new values, not the ones of its first run.
    await db.begin((s) => s.execute(add, { label: 'd' }))
    const written = await db.begin(async (s) => (await s.scalars(ids)).all())
    expect(written).toHaveLength(4)
    expect(new Set(written).size).toBe(4)
    await db.close()
  })
})
