import { currentTimestamp, gte, integer, table, timestamp, varchar } from '@nakedsql/core'

/*
 * A reading list: users borrow books. `books.stock` counts the copies on the shelf; the
 * CHECK keeps it from going below zero, so the database itself refuses the borrow of a copy
 * that is not there, however many requests race for it. A loan is one row per user and
 * book (unique), deleted when the book comes back.
 */

export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  name: varchar(100).notNull(),
  email: varchar(255).notNull().unique(),
})

export const books = table(
  'books',
  {
    id: integer().primaryKey().autoIncrement(),
    title: varchar(200).notNull(),
    author: varchar(100).notNull(),
    stock: integer().notNull(),
  },
  (t) => ({ checks: [{ name: 'books_stock_not_negative', expr: gte(t.stock, 0) }] }),
)

export const loans = table(
  'loans',
  {
    id: integer().primaryKey().autoIncrement(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' })
      .named('user_id'),
    bookId: integer()
      .notNull()
      .references(() => books.id, { onDelete: 'cascade' })
      .named('book_id'),
    borrowedAt: timestamp().notNull().defaultSql(currentTimestamp()).named('borrowed_at'),
  },
  (t) => ({
    indexes: [{ name: 'loans_one_copy_per_user', columns: [t.userId, t.bookId], unique: true }],
  }),
)

export const schema = [users, books, loans]
