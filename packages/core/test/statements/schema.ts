import { boolean, integer, json, table, text, timestamp, uuid, varchar } from '../../src/index.js'

export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: varchar(255).notNull(),
  name: text(),
  active: boolean().notNull().default(true),
  meta: json<{ tags: string[] }>(),
  createdAt: timestamp().notNull().named('created_at'),
})

export const posts = table('posts', {
  id: integer().primaryKey(),
  userId: integer().notNull(),
  title: text().notNull(),
  publishedAt: timestamp(),
})

export const tokens = table('tokens', {
  id: uuid()
    .primaryKey()
    .defaultFn(() => '00000000-0000-4000-8000-000000000000'),
  userId: integer().notNull(),
  label: text().notNull().default('default'),
})
