import { boolean, datetime, double, int, mysqlTable, text, varchar } from 'drizzle-orm/mysql-core'

export const users = mysqlTable('users', {
  id: int().primaryKey().autoincrement(),
  name: varchar({ length: 100 }).notNull(),
  bio: text().notNull(),
  visits: int().notNull(),
  active: boolean().notNull(),
  score: double().notNull(),
  joined: datetime({ fsp: 3 }).notNull(),
  note: text(),
})

export const posts = mysqlTable('posts', {
  id: int().primaryKey().autoincrement(),
  author: int()
    .notNull()
    .references(() => users.id),
  title: varchar({ length: 200 }).notNull(),
  body: text().notNull(),
  published: boolean().notNull(),
  created: datetime({ fsp: 3 }).notNull(),
})
