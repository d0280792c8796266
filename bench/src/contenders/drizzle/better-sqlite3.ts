import Database from 'better-sqlite3'
import { between, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import type { OpenContender, WorkloadOps } from '../../contender.js'
import { type NewUser, sqliteTimestamp } from '../../data.js'
import { posts, users } from './schema-sqlite.js'

const chunk = 1000

function connect(file: string) {
  const client = new Database(file)
  return { client, db: drizzle({ client }) }
}

type Db = ReturnType<typeof connect>['db']

const toRow = (u: NewUser) => ({ ...u, joined: sqliteTimestamp(u.joined) })

/** Drizzle on better-sqlite3 through its synchronous API (`.get()`, `.all()`, `.run()`). */
function perCall(db: Db): Omit<WorkloadOps, 'close'> {
  return {
    w1: (id) => db.select().from(users).where(eq(users.id, id)).get(),
    w2: (from, to) =>
      db
        .select()
        .from(users)
        .where(between(users.id, from, to))
        .all(),
    w3: () => db.select().from(users).all(),
    w4: (row) =>
      db.transaction((tx) => {
        tx.insert(users).values(toRow(row)).run()
      }),
    w5: (rows) =>
      db.transaction((tx) => {
        tx.insert(users).values(rows.map(toRow)).run()
      }),
    w6: (from, to, visits, score) =>
      db.transaction((tx) =>
        tx
          .update(users)
          .set({ visits, score })
          .where(between(users.id, from, to))
          .returning()
          .all(),
      ),
    // Drizzle has no executemany: its documented bulk path is a multi-row insert.
    w7: (rows) =>
      db.transaction((tx) => {
        for (let i = 0; i < rows.length; i += chunk) {
          tx.insert(users)
            .values(rows.slice(i, i + chunk).map(toRow))
            .run()
        }
      }),
    w8: (from, to) =>
      db
        .select({ post: posts, user: users })
        .from(posts)
        .innerJoin(users, eq(users.id, posts.author))
        .where(between(posts.id, from, to))
        .all(),
  }
}

export const open: OpenContender = async ({ target }) => {
  const { client, db } = connect(target.sqliteFile)
  return {
    ...perCall(db),
    close: () => {
      client.close()
    },
  }
}

/** Drizzle's prepared statements (`.prepare()` with `sql.placeholder`), prepared once. */
export const openPrepared: OpenContender = async ({ target }) => {
  const { client, db } = connect(target.sqliteFile)
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare()
  const byRange = db
    .select()
    .from(users)
    .where(between(users.id, sql.placeholder('from'), sql.placeholder('to')))
    .prepare()
  const all = db.select().from(users).prepare()
  const insert = db
    .insert(users)
    .values({
      name: sql.placeholder('name'),
      bio: sql.placeholder('bio'),
      visits: sql.placeholder('visits'),
      active: sql.placeholder('active'),
      score: sql.placeholder('score'),
      joined: sql.placeholder('joined'),
      note: sql.placeholder('note'),
    })
    .prepare()
  const update = db
    .update(users)
    // The set() types take no placeholder; an sql fragment around one does.
    .set({ visits: sql`${sql.placeholder('visits')}`, score: sql`${sql.placeholder('score')}` })
    .where(between(users.id, sql.placeholder('from'), sql.placeholder('to')))
    .returning()
    .prepare()
  const join = db
    .select({ post: posts, user: users })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.author))
    .where(between(posts.id, sql.placeholder('from'), sql.placeholder('to')))
    .prepare()
  return {
    ...perCall(db),
    w1: (id) => byId.get({ id }),
    w2: (from, to) => byRange.all({ from, to }),
    w3: () => all.all(),
    w4: (row) =>
      db.transaction(() => {
        insert.run(toRow(row))
      }),
    w6: (from, to, visits, score) => db.transaction(() => update.all({ from, to, visits, score })),
    w7: (rows) =>
      db.transaction(() => {
        for (const row of rows) insert.run(toRow(row))
      }),
    w8: (from, to) => join.all({ from, to }),
    close: () => {
      client.close()
    },
  }
}
