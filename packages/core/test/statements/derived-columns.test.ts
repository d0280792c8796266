import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  count,
  createAll,
  cte,
  eq,
  insert,
  integer,
  select,
  table,
  text,
  view,
} from '../../src/index.js'
import { openers, type TestDb } from '../db/databases.js'

/*
 * Bare columns in subqueries, CTEs and views: the relation exposes them under their
 * property name while SQL reads them by the name the select list produces.
 */

const authors = table('authors', {
  id: integer().primaryKey(),
  fullName: text().notNull().named('full_name'),
})
const books = table('books', {
  id: integer().primaryKey(),
  authorId: integer().notNull().named('author_id'),
  title: text().notNull(),
})
const byAuthor = eq(books.authorId, authors.id)

describe('derived relations from bare columns', () => {
  test('a bare column is a property by its property name, a column by its SQL name', () => {
    const recent = select(books.authorId, count().as('n'))
      .from(books)
      .groupBy(books.authorId)
      .as('recent')
    expect(Object.keys(recent.$def.byProperty)).toEqual(['authorId', 'n'])
    expect(recent.$def.byProperty.authorId).toMatchObject({ name: 'author_id', notNull: true })
    expect(recent.authorId.property).toBe('authorId')
    expect(recent.authorId.node).toEqual({ kind: 'Column', table: 'recent', name: 'author_id' })
    expect('author_id' in recent).toBe(false)
  })

  test('a bare column of an outer-joined relation is nullable in the relation', () => {
    const s = select(authors.id, books.title).from(authors).leftJoin(books, byAuthor).as('s')
    expect(s.$def.byProperty.id?.notNull).toBe(true)
    expect(s.$def.byProperty.title?.notNull).toBe(false)
  })

  test('two bare columns with one SQL name are refused with the fix', () => {
    expect(() =>
      select(authors.id, books.id).from(authors).innerJoin(books, byAuthor).as('s'),
    ).toThrow(/"id" appears twice.*\.as\('otherName'\)/)
  })
})

describe.each(Object.keys(openers) as (keyof typeof openers)[])('%s', (dialect) => {
  let db: TestDb
  const rows = async (q: { toNode(): import('../../src/ast/nodes.js').StatementNode }) =>
    (await db.run(db.compile(q.toNode()))).rows.map((r) => r.map((v) => String(v)))

  beforeAll(async () => {
    db = await openers[dialect]()
    await db.runAll(createAll([authors, books]))
    await db.runAll([
      insert(authors).values([
        { id: 1, fullName: 'Ann' },
        { id: 2, fullName: 'Bo' },
      ]),
      insert(books).values([
        { id: 1, authorId: 1, title: 'A' },
        { id: 2, authorId: 1, title: 'B' },
        { id: 3, authorId: 2, title: 'C' },
      ]),
    ])
  })
  afterAll(async () => {
    await db?.close()
  })

  test('a subquery joined on its bare column runs', async () => {
    const recent = select(books.authorId, count().as('n'))
      .from(books)
      .groupBy(books.authorId)
      .as('recent')
    const q = select(authors.fullName, recent.n, recent.authorId)
      .from(authors)
      .innerJoin(recent, eq(recent.authorId, authors.id))
      .orderBy(authors.id)
    expect(await rows(q)).toEqual([
      ['Ann', '2', '1'],
      ['Bo', '1', '2'],
    ])
  })

  test('a CTE and a view over bare columns run', async () => {
    const named = cte('named', select(authors.id, authors.fullName).from(authors))
    expect(await rows(select(named.fullName).from(named).orderBy(named.id))).toEqual([
      ['Ann'],
      ['Bo'],
    ])
    const titled = view(
      'titled',
      select(books.title, authors.fullName).from(books).innerJoin(authors, byAuthor),
    )
    await db.runAll(createAll([titled]))
    expect(
      await rows(select(titled.title, titled.fullName).from(titled).orderBy(titled.title)),
    ).toEqual([
      ['A', 'Ann'],
      ['B', 'Ann'],
      ['C', 'Bo'],
    ])
  })
})
