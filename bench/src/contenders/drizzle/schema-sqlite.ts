import { integer, real, sqliteTable, text } from 'drizzle-orm/sqlite-core'

/**
 * SQLite stores the bench timestamps as ISO text; Drizzle's timestamp modes are integer
 * columns, so a Drizzle user reads these as the strings they are.
 */
export const users = sqliteTable('users', {
  id: integer().primaryKey(),
  name: text({ length: 100 }).notNull(),
  bio: text().notNull(),
  visits: integer().notNull(),
  active: integer({ mode: 'boolean' }).notNull(),
  score: real().notNull(),
  joined: text().notNull(),
  note: text(),
})

export const posts = sqliteTable('posts', {
  id: integer().primaryKey(),
  author: integer()
    .notNull()
    .references(() => users.id),
  title: text({ length: 200 }).notNull(),
  body: text().notNull(),
  published: integer({ mode: 'boolean' }).notNull(),
  created: text().notNull(),
})
