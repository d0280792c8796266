import {
  bigint,
  bundle,
  count,
  deleteFrom,
  desc,
  eq,
  insert,
  integer,
  mapTo,
  NoRowsError,
  param,
  select,
  TooManyRowsError,
  table,
  text,
  UnreadableValueError,
  update,
} from '@nakedsql/core'
import { beforeAll, describe, expect, it } from 'vitest'
import { type ContractContext, itWhen, runOne, scalarsOf, tuplesOf, useSchema } from '../context.js'

/** Every result shape: entities, class instances, tuples, outer joins, columns, bundles, RETURNING. */
export function resultShapes(context: ContractContext): void {
  describe('result shapes', () => {
    const authors = table(context.name('authors'), {
      id: integer().primaryKey(),
      name: text().notNull(),
    })
    const books = table(context.name('books'), {
      id: integer().primaryKey(),
      authorId: integer()
        .notNull()
        .references(() => authors.id),
      title: text().notNull(),
    })
    const counters = table(context.name('counters'), {
      id: integer().primaryKey(),
      n: bigint().notNull(),
    })
    useSchema(context, () => [authors, books, counters])

    let constructed = 0
    class Author {
      declare id: number
      declare name: string
      constructor() {
        constructed++
      }
      get initial(): string {
        return this.name[0] ?? ''
      }
      greet(): string {
        return `Hello, ${this.name}`
      }
    }
    const AuthorRows = mapTo(authors, Author)

    beforeAll(async () => {
      await context.run([
        insert(authors).values([
          { id: 1, name: 'Ann' },
          { id: 2, name: 'Bob' },
        ]),
        insert(books).values([
          { id: 10, authorId: 1, title: 'First' },
          { id: 11, authorId: 1, title: 'Second' },
        ]),
      ])
    })

    // The same SQL table, declared with an integer `name`: its text cannot be read as one.
    const misread = table(context.name('authors'), {
      id: integer().primaryKey(),
      name: integer().notNull(),
    })

    it('a value its codec cannot read throws UnreadableValueError, and the session goes on', async () => {
      // Drivers that map rows as they read them (ExecuteOptions.mapRow) throw from the call,
      // the others from the result's accessor: the rule is the same for both.
      const readAll = (pending: Promise<{ all(): unknown[] }>) =>
        pending.then((rows) => rows.all()).catch((e: unknown) => e)
      const db = context.asyncFactory()
      if (db === undefined) {
        const failed = await readAll(runOne(context, select(misread)))
        expect(failed).toBeInstanceOf(UnreadableValueError)
        return
      }
      const names = await db.begin(async (s) => {
        expect(await readAll(s.scalars(select(misread)))).toBeInstanceOf(UnreadableValueError)
        expect(await readAll(s.execute(select(misread)))).toBeInstanceOf(UnreadableValueError)
        await s.execute(update(authors).set({ name: 'Anne' }).where(eq(authors.id, 1)))
        return (await s.scalars(select(authors.name).from(authors).orderBy(authors.id))).all()
      })
      expect(names).toEqual(['Anne', 'Bob'])
      expect(await readAll(db.scalars(select(misread)))).toBeInstanceOf(UnreadableValueError)
      await db.execute(update(authors).set({ name: 'Ann' }).where(eq(authors.id, 1)))
    })

    it('an integer past 2^53 is exact in a bigint column and refused, never rounded, in an integer column', async () => {
      const big = 2n ** 60n + 1n
      await context.run([insert(counters).values({ id: 1, n: big })])
      expect(await scalarsOf(context, select(counters.n).from(counters))).toEqual([big])
      expect(await tuplesOf(context, select(counters.id, counters.n).from(counters))).toEqual([
        [1, big],
      ])
      // The same SQL table with `n` declared an integer: every column reads as a number.
      const narrow = table(context.name('counters'), {
        id: integer().primaryKey(),
        n: integer().notNull(),
      })
      const failed = await runOne(context, select(narrow.id, narrow.n).from(narrow))
        .then((rows) => rows.all())
        .catch((e: unknown) => e)
      expect(failed).toBeInstanceOf(UnreadableValueError)
      expect(await scalarsOf(context, select(narrow.id).from(narrow))).toEqual([1])
    })

    it('a declared column the table lacks is an error naming it, never a value', async () => {
      const ghost = table(context.name('authors'), {
        id: integer().primaryKey(),
        nickname: text(),
      })
      const failed = await runOne(context, select(ghost).where(eq(ghost.nickname, 'x')))
        .then((rows) => rows.all())
        .catch((e: unknown) => e)
      expect(failed).toBeInstanceOf(Error)
      expect(String((failed as Error).message)).toMatch(/nickname/)
    })

    it('maps select(table) to plain objects with every column', async () => {
      const rows = await scalarsOf(context, select(authors).orderBy(authors.id))
      expect(rows).toStrictEqual([
        { id: 1, name: 'Ann' },
        { id: 2, name: 'Bob' },
      ])
      expect(Object.getPrototypeOf(rows[0])).toBe(Object.prototype)
    })

    it('maps a table registered with mapTo to class instances without calling the constructor', async () => {
      const [ann] = (await scalarsOf(
        context,
        select(AuthorRows).where(eq(AuthorRows.id, 1)),
      )) as Author[]
      expect(ann).toBeInstanceOf(Author)
      expect(constructed).toBe(0)
      expect(ann!.greet()).toBe('Hello, Ann')
      expect(ann!.initial).toBe('A')
      expect({ ...ann }).toStrictEqual({ id: 1, name: 'Ann' })
    })

    it('maps several entities to tuples', async () => {
      const pairs = await tuplesOf(
        context,
        select(authors, books)
          .from(authors)
          .join(books, eq(books.authorId, authors.id))
          .orderBy(books.id),
      )
      expect(pairs).toStrictEqual([
        [
          { id: 1, name: 'Ann' },
          { id: 10, authorId: 1, title: 'First' },
        ],
        [
          { id: 1, name: 'Ann' },
          { id: 11, authorId: 1, title: 'Second' },
        ],
      ])
    })

    it('maps the entity on the nullable side of a left join to null when no row matched', async () => {
      const pairs = await tuplesOf(
        context,
        select(authors, books)
          .from(authors)
          .leftJoin(books, eq(books.authorId, authors.id))
          .where(eq(authors.id, 2)),
      )
      expect(pairs).toStrictEqual([[{ id: 2, name: 'Bob' }, null]])
    })

    it('maps selected columns and aggregates to tuples of values', async () => {
      const rows = await tuplesOf(
        context,
        select(authors.id, authors.name, count(books.id).as('books'))
          .from(authors)
          .leftJoin(books, eq(books.authorId, authors.id))
          .groupBy(authors.id, authors.name)
          .orderBy(authors.id),
      )
      expect(rows).toStrictEqual([
        [1, 'Ann', 2],
        [2, 'Bob', 0],
      ])
    })

    it('maps a bundle of labelled columns to a nested object', async () => {
      const rows = await tuplesOf(
        context,
        select(bundle({ who: authors.name, key: authors.id }), books.title)
          .from(authors)
          .join(books, eq(books.authorId, authors.id))
          .orderBy(books.id),
      )
      expect(rows).toStrictEqual([
        [{ who: 'Ann', key: 1 }, 'First'],
        [{ who: 'Ann', key: 1 }, 'Second'],
      ])
    })

    it('gives first(), one(), oneOrNull(), iteration and rowCount', async () => {
      const [all, none, written] = await context.run([
        select(authors.name).from(authors).orderBy(authors.id),
        select(authors).where(eq(authors.id, 99)),
        update(authors).set({ name: 'Ann' }).where(eq(authors.id, 1)),
      ])
      const names = all!.scalars()
      expect(names.first()).toBe('Ann')
      expect([...names]).toEqual(['Ann', 'Bob'])
      expect(names.rowCount).toBe(2)
      expect(() => names.one()).toThrow(TooManyRowsError)
      expect(() => names.oneOrNull()).toThrow(TooManyRowsError)
      expect(none!.first()).toBeNull()
      expect(none!.oneOrNull()).toBeNull()
      expect(() => none!.one()).toThrow(NoRowsError)
      expect(written!.rowCount).toBe(1)
    })

    it('scalar() gives the first element of the first row, or null, on its own and in a session', async () => {
      const byId = select(AuthorRows).where(eq(AuthorRows.id, param<number>('id')))
      for (const author of await context.scalar(byId, { id: 2 })) {
        expect(author).toBeInstanceOf(Author)
        expect({ ...(author as Author) }).toStrictEqual({ id: 2, name: 'Bob' })
      }
      const lastFirst = select(authors.name).from(authors).orderBy(desc(authors.id))
      expect(await context.scalar(lastFirst)).toStrictEqual(['Bob', 'Bob'])
      const pairs = select(books, authors)
        .from(books)
        .innerJoin(authors, eq(authors.id, books.authorId))
      const [first] = await context.scalar(pairs.orderBy(desc(books.id)))
      expect(first).toStrictEqual({ id: 11, authorId: 1, title: 'Second' })
      expect(await context.scalar(select(authors).where(eq(authors.id, 99)))).toStrictEqual([
        null,
        null,
      ])
      expect(await context.scalar(select(count()).from(books))).toStrictEqual([2, 2])
    })

    const returning = context.capabilities.returning
    itWhen(
      returning.insert,
      'adapter declares no RETURNING on INSERT',
      'maps insert ... returning(table) to entities',
      async () => {
        const rows = (await scalarsOf(
          context,
          insert(AuthorRows).values({ id: 3, name: 'Cy' }).returning(AuthorRows),
          {
            rollback: true,
          },
        )) as Author[]
        expect(rows).toHaveLength(1)
        expect(rows[0]).toBeInstanceOf(Author)
        expect({ ...rows[0] }).toStrictEqual({ id: 3, name: 'Cy' })
      },
    )

    itWhen(
      returning.update,
      'adapter declares no RETURNING on UPDATE',
      'maps update ... returning(table) to entities',
      async () => {
        const rows = await scalarsOf(
          context,
          update(authors).set({ name: 'Ann B.' }).where(eq(authors.id, 1)).returning(authors),
          {
            rollback: true,
          },
        )
        expect(rows).toStrictEqual([{ id: 1, name: 'Ann B.' }])
      },
    )

    itWhen(
      returning.delete,
      'adapter declares no RETURNING on DELETE',
      'maps delete ... returning(columns) to values',
      async () => {
        const rows = (await tuplesOf(
          context,
          deleteFrom(books).where(eq(books.authorId, 1)).returning(books.id, books.title),
          {
            rollback: true,
          },
        )) as [number, string][]
        expect([...rows].sort((a, b) => a[0] - b[0])).toStrictEqual([
          [10, 'First'],
          [11, 'Second'],
        ])
      },
    )
  })
}
