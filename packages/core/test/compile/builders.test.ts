import { describe, expect, test } from 'vitest'
import {
  add,
  boolean,
  count,
  createAll,
  deleteFrom,
  eq,
  excluded,
  ilike,
  insert,
  integer,
  param,
  select,
  table,
  update,
  varchar,
  view,
} from '../../src/index.js'
import { sqlOf } from './nodes.js'

/* The compilers fed by the public builders, as an application uses them. */

const users = table('users', {
  id: integer().primaryKey().autoIncrement(),
  email: varchar(255).notNull().unique(),
  active: boolean().notNull().default(true),
  visits: integer().notNull().default(0),
})
const posts = table('posts', {
  id: integer().primaryKey(),
  userId: integer()
    .named('user_id')
    .notNull()
    .references(() => users.id),
})

/** The PostgreSQL text with `?` placeholders: what SQLite gets, and MySQL with backticks. */
const asSqlite = (pg: string) => pg.replace(/\$\d+/g, '?')
const asMysql = (pg: string) => asSqlite(pg).replaceAll('"', '`')

describe('builders through the compilers', () => {
  test('select an entity with ilike, nulls last, limit and offset', () => {
    const q = select(users)
      .where(ilike(users.email, '%@x.org'))
      .orderBy(users.id.desc('last'))
      .limit(10)
      .offset(5)
    expect(sqlOf(q.toNode())).toEqual({
      postgres:
        'SELECT "users"."id", "users"."email", "users"."active", "users"."visits" FROM "users" WHERE "users"."email" ILIKE $1 ORDER BY "users"."id" DESC NULLS LAST LIMIT $2 OFFSET $3',
      mysql:
        'SELECT `users`.`id`, `users`.`email`, `users`.`active`, `users`.`visits` FROM `users` WHERE lower(`users`.`email`) LIKE lower(?) ORDER BY `users`.`id` IS NULL ASC, `users`.`id` DESC LIMIT ? OFFSET ?',
      sqlite:
        'SELECT "id", "email", "active", "visits" FROM "users" WHERE lower("email") LIKE lower(?) ORDER BY "users"."id" DESC NULLS LAST LIMIT ? OFFSET ?',
    })
  })

  test('left join with count(*) and group by', () => {
    const q = select(users.id, count().as('n'))
      .from(users)
      .leftJoin(posts, eq(posts.userId, users.id))
      .groupBy(users.id)
    const pg =
      'SELECT "users"."id", count(*) AS "n" FROM "users" LEFT JOIN "posts" ON "posts"."user_id" = "users"."id" GROUP BY "users"."id"'
    expect(sqlOf(q.toNode())).toEqual({ postgres: pg, mysql: asMysql(pg), sqlite: pg })
  })

  test('upsert with excluded() and returning', () => {
    const q = insert(users)
      .values({ email: 'a' })
      .onConflictDoUpdate({
        target: [users.email],
        set: { visits: add(users.visits, excluded(users.visits)) },
      })
      .returning(users.id)
    const pg =
      'INSERT INTO "users" ("email") VALUES ($1) ON CONFLICT ("email") DO UPDATE SET "visits" = "users"."visits" + excluded."visits" RETURNING "users"."id"'
    expect(sqlOf(q.toNode())).toEqual({
      postgres: pg,
      mysql:
        'INSERT INTO `users` (`email`) VALUES (?) ON DUPLICATE KEY UPDATE `visits` = `users`.`visits` + VALUES(`visits`) RETURNING `users`.`id`',
      sqlite: asSqlite(pg),
    })
  })

  test('update with a param, delete with returning', () => {
    const up = update(users)
      .set({ visits: add(users.visits, 1) })
      .where(eq(users.id, param('id')))
    const pg = 'UPDATE "users" SET "visits" = "users"."visits" + $1 WHERE "users"."id" = $2'
    expect(sqlOf(up.toNode())).toEqual({ postgres: pg, mysql: asMysql(pg), sqlite: asSqlite(pg) })
    const del = deleteFrom(users).where(eq(users.active, false)).returning(users.id)
    const pgDel = 'DELETE FROM "users" WHERE "users"."active" = $1 RETURNING "users"."id"'
    expect(sqlOf(del.toNode())).toEqual({
      postgres: pgDel,
      mysql: asMysql(pgDel),
      sqlite: asSqlite(pgDel),
    })
  })

  test('createAll with a view() puts tables first and inlines the view constants', () => {
    const active = view(
      'active_users',
      select(users.id, users.email).from(users).where(eq(users.active, true)),
    )
    const statements = createAll([active, posts, users]).map((s) => sqlOf(s.toNode()))
    expect(statements.map((s) => s.postgres.split(' (')[0])).toEqual([
      // Each relation comes right after what it depends on; the given order breaks ties.
      'CREATE TABLE "users"',
      'CREATE VIEW "active_users" AS SELECT "users"."id", "users"."email" FROM "users" WHERE "users"."active" = TRUE',
      'CREATE TABLE "posts"',
    ])
    expect(statements[1]?.sqlite).toBe(
      'CREATE VIEW "active_users" AS SELECT "id", "email" FROM "users" WHERE "active" = 1',
    )
  })
})
