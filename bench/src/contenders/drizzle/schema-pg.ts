import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  text,
  timestamp,
  varchar,
} from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  name: varchar({ length: 100 }).notNull(),
  bio: text().notNull(),
  visits: integer().notNull(),
  active: boolean().notNull(),
  score: doublePrecision().notNull(),
  joined: timestamp({ precision: 3 }).notNull(),
  note: text(),
})

export const posts = pgTable('posts', {
  id: integer().primaryKey().generatedByDefaultAsIdentity(),
  author: integer()
    .notNull()
    .references(() => users.id),
  title: varchar({ length: 200 }).notNull(),
  body: text().notNull(),
  published: boolean().notNull(),
  created: timestamp({ precision: 3 }).notNull(),
})
