import {
  asc,
  createSessionFactory,
  insert,
  integer,
  param,
  select,
  table,
  text,
} from '@nakedsql/core'
import { describe, expect, test } from 'vitest'
import { embeddedSqliteDriver } from '../src/index.js'
import { engines } from './engines.js'

const items = table('items', {
  id: integer().primaryKey().autoIncrement(),
  label: text().notNull(),
})

describe.each(engines)('$engine: a session on the synchronous path', ({ engine, open }) => {
  const factory = () => {
    const db = open()
    db.prepare('CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT NOT NULL)').run([])
    return createSessionFactory(
      embeddedSqliteDriver({ db, owned: true, statementCacheSize: 10, name: engine }),
    )
  }
  const labels = (db: ReturnType<typeof factory>) =>
    db.scalars(select(items.label).from(items).orderBy(asc(items.id)))

  test('a statement called while an executemany is between its batches waits for all of them', async () => {
    const db = factory()
    await db.begin(async (s) => {
      // Three sets fold into two multi-row inserts (two rows, then one): the single insert is
      // called after the first of them has run and must not land between the two.
      const many = s.execute(insert(items).values({ label: param<string>('label') }), [
        { label: 'm1' },
        { label: 'm2' },
        { label: 'm3' },
      ])
      const one = s.execute(insert(items).values({ label: 'single' }))
      await Promise.all([many, one])
    })
    expect((await labels(db)).all()).toEqual(['m1', 'm2', 'm3', 'single'])
    await db.close()
  })

  test('a session that waited for the connection runs as one that found it idle', async () => {
    const db = factory()
    const first = db.begin(async (s) => {
      await s.execute(insert(items).values({ label: 'first' }))
      await new Promise((resolve) => setTimeout(resolve, 20))
      await s.execute(insert(items).values({ label: 'first again' }))
    })
    const second = db.begin((s) => s.execute(insert(items).values({ label: 'second' })))
    await Promise.all([first, second])
    expect((await labels(db)).all()).toEqual(['first', 'first again', 'second'])
    await db.close()
  })
})
