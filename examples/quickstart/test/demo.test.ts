import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createSessionFactory, UniqueViolationError } from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapterFromUrl } from '../src/adapter-from-url.js'
import { type DemoResult, runDemo } from '../src/demo.js'
import { databases, type TestDatabase } from './databases.js'

describe.each(databases)('the quickstart demo on %s', (_, open) => {
  let database: TestDatabase
  let result: DemoResult
  const lines: string[] = []

  beforeAll(async () => {
    database = await open('qs')
    const db = createSessionFactory(await adapterFromUrl(database.url))
    try {
      result = await runDemo(db, (line) => lines.push(line))
    } finally {
      await db.close()
    }
  })

  afterAll(async () => {
    await database?.drop()
  })

  it('inserts with executemany and selects authors as entities', () => {
    expect(result.authors.map(({ name, country }) => ({ name, country }))).toEqual([
      { name: 'Ursula K. Le Guin', country: 'US' },
      { name: 'Stanisław Lem', country: 'PL' },
      { name: 'Octavia E. Butler', country: null },
    ])
    expect(result.authors.every((a) => Number.isInteger(a.id))).toBe(true)
  })

  it('maps a join to [book, author] tuples of entities', () => {
    expect(result.booksWithAuthors.map(([b, a]) => [b.title, b.year, a.name])).toEqual([
      ['The Cyberiad', 1965, 'Stanisław Lem'],
      ['The Left Hand of Darkness', 1969, 'Ursula K. Le Guin'],
      ['The Dispossessed', 1974, 'Ursula K. Le Guin'],
      ['Kindred', 1979, 'Octavia E. Butler'],
    ])
    const [book, author] = result.booksWithAuthors[0]!
    expect(book.authorId).toBe(author.id)
    expect(book.price).toBe('10.45')
  })

  it('maps the missing side of a left join to null', () => {
    expect(
      result.booksWithReviews.map(([title, r]) => [title, r?.reviewer ?? null, r?.stars ?? null]),
    ).toEqual([
      ['Kindred', 'cy', 3],
      ['Solaris', 'ana', 5],
      ['The Cyberiad', null, null],
      ['The Dispossessed', 'ana', 5],
      ['The Dispossessed', 'bo', 4],
      ['The Left Hand of Darkness', null, null],
    ])
    expect(result.booksWithReviews.filter(([, r]) => r === null)).toHaveLength(2)
  })

  it('groups labelled columns into a nested object', () => {
    expect(result.catalogue[0]).toEqual(['Kindred', { name: 'Octavia E. Butler', country: null }])
    expect(result.catalogue).toHaveLength(5)
  })

  it('ranks an aggregate with a window function', () => {
    expect(result.ranking).toEqual([
      ['Octavia E. Butler', 1, 3],
      ['Stanisław Lem', 2, 1],
      ['Ursula K. Le Guin', 2, 2],
    ])
  })

  it('queries the view like a table', () => {
    expect(result.ratings.map((r) => [r.title, r.reviewCount])).toEqual([
      ['The Dispossessed', 2],
      ['Kindred', 1],
      ['Solaris', 1],
      ['The Cyberiad', 0],
      ['The Left Hand of Darkness', 0],
    ])
    expect(Number(result.ratings[0]!.averageStars)).toBe(4.5)
    expect(result.ratings[3]!.averageStars).toBeNull()
  })

  it('upserts on the unique name', () => {
    expect(result.upserted).toMatchObject({ name: 'Octavia E. Butler', country: 'US' })
    expect(result.upserted.id).toBe(result.authors[2]!.id)
  })

  it('returns the updated rows', () => {
    expect(result.repriced).toHaveLength(1)
    expect(result.repriced[0]).toMatchObject({ title: 'Solaris', price: '7.99', year: 1961 })
  })

  it('rolls back only the savepoint', () => {
    expect(result.savepoint.innerError).toBe('eve changed her mind')
    expect(result.savepoint.kept).toEqual([
      ['cy', 3],
      ['dee', 5],
    ])
  })

  it('classifies the duplicate name as UniqueViolationError', () => {
    expect(result.violation).toBeInstanceOf(UniqueViolationError)
    expect(result.violation?.retryable).toBe(false)
  })

  it('prints every step', () => {
    const headings = lines.filter((l) => l.startsWith('== '))
    expect(headings).toHaveLength(12)
    expect(lines.join('\n')).toContain("'The Left Hand of Darkness'")
  })
})

describe('pnpm demo', () => {
  it('runs with no configuration on embedded SQLite', async () => {
    const cwd = fileURLToPath(new URL('..', import.meta.url))
    const env = { ...process.env }
    delete env.DATABASE_URL
    // The package's "demo" script, run the way pnpm runs it.
    const { stdout } = await promisify(execFile)(
      'node_modules/.bin/tsx',
      ['--conditions=source', 'src/main.ts'],
      { cwd, env },
    )
    expect(stdout).toContain('nakedsql quickstart on sqlite')
    expect(stdout).toContain('UniqueViolationError')
    expect(stdout).toContain('Dropped the demo tables')
  })
})
