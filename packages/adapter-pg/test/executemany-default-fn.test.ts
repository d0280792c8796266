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
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

/*
 * A column's JS defaultFn gives every row its own value when core folds an executemany into
 * multi-row inserts.
 */

const tokens = table('tokens', {
  id: uuid()
    .primaryKey()
    .defaultFn(() => randomUUID()),
  label: text().notNull(),
})

let testSchema: Awaited<ReturnType<typeof createTestSchema>>

beforeAll(async () => {
  testSchema = await createTestSchema('pg_default_fn')
})

afterAll(async () => {
  await testSchema.drop()
})

describe('defaultFn in a folded executemany', () => {
  it('three parameter sets get three distinct ids', async () => {
    const db = createSessionFactory(pgAdapter({ ...testSchema.options, max: 1 }))
    await db.begin(async (s) => {
      for (const statement of createAll([tokens])) await s.execute(statement)
    })
    const add = insert(tokens).values({ label: param('label') })
    const returned = await db.begin(async (s) =>
      (
        await s.scalars(add.returning(tokens.id), [{ label: 'a' }, { label: 'b' }, { label: 'c' }])
      ).all(),
    )
    expect(new Set(returned).size).toBe(3)
    const written = await db.begin(async (s) =>
      (await s.scalars(select(tokens.id).from(tokens))).all(),
    )
    expect(written.sort()).toEqual([...returned].sort())
    await db.close()
  })
})
