import {
  avg,
  between,
  count,
  eq,
  integer,
  numeric,
  select,
  table,
  text,
  varchar,
  view,
} from '@nakedsql/core'

/*
 * The demo's schema. One definition serves every database; the DDL is generated per dialect.
 * The tables carry a `demo_` prefix because the demo runs in whatever database DATABASE_URL
 * names and drops its own tables at the end: it must never touch a table of yours.
 */

export const authors = table('demo_authors', {
  id: integer().primaryKey().autoIncrement(),
  name: varchar(100).notNull().unique(),
  country: varchar(2),
})

export const books = table('demo_books', {
  id: integer().primaryKey().autoIncrement(),
  authorId: integer()
    .notNull()
    .references(() => authors.id, { onDelete: 'cascade' })
    .named('author_id'),
  title: varchar(200).notNull().unique(),
  year: integer().notNull(),
  price: numeric(8, 2).notNull(),
})

export const reviews = table(
  'demo_reviews',
  {
    id: integer().primaryKey().autoIncrement(),
    bookId: integer()
      .notNull()
      .references(() => books.id, { onDelete: 'cascade' })
      .named('book_id'),
    reviewer: varchar(100).notNull(),
    stars: integer().notNull(),
    body: text(),
  },
  (t) => ({ checks: [{ name: 'demo_reviews_stars', expr: between(t.stars, 1, 5) }] }),
)

/** A view is declared from a select and queried like a table. */
export const bookRatings = view(
  'demo_book_ratings',
  select(
    books.id.as('bookId'),
    books.title.as('title'),
    count(reviews.id).as('reviewCount'),
    avg(reviews.stars).as('averageStars'),
  )
    .from(books)
    .leftJoin(reviews, eq(reviews.bookId, books.id))
    .groupBy(books.id, books.title),
)

/** Every relation of the demo, in any order: `createAll` / `dropAll` sort them by dependency. */
export const schema = [authors, books, reviews, bookRatings]
