import { boolean, double, integer, table, text, timestamp, varchar } from '@nakedsql/core'

/** The bench tables in nakedsql's portable schema: one definition for every database. */
export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  name: varchar(100).notNull(),
  bio: text().notNull(),
  visits: integer().notNull(),
  active: boolean().notNull(),
  score: double().notNull(),
  joined: timestamp().notNull(),
  note: text(),
})

export const posts = table('posts', {
  id: integer().primaryKey().autoIncrement(),
  author: integer()
    .notNull()
    .references(() => users.id),
  title: varchar(200).notNull(),
  body: text().notNull(),
  published: boolean().notNull(),
  created: timestamp().notNull(),
})
