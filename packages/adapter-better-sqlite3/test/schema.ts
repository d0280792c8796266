import {
  bigint,
  boolean,
  createAll,
  integer,
  json,
  type SessionFactory,
  table,
  text,
  timestamp,
  varchar,
} from '@nakedsql/core'

export const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: varchar(255).notNull().unique(),
  name: text(),
  active: boolean().notNull().default(true),
  visits: bigint().notNull().default(0n),
  meta: json(),
  createdAt: timestamp().named('created_at'),
})

export const posts = table('posts', {
  id: integer().primaryKey().autoIncrement(),
  userId: integer()
    .notNull()
    .named('user_id')
    .references(() => users.id),
  title: text().notNull(),
})

export const schema = [users, posts]

export async function createSchema(db: SessionFactory): Promise<void> {
  await db.begin(async (s) => {
    for (const statement of createAll(schema)) await s.execute(statement)
  })
}
