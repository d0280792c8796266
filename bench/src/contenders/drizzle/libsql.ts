import { createClient } from '@libsql/client'
import { between, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/libsql'
import type { OpenContender, WorkloadOps } from '../../contender.js'
import { type NewUser, sqliteTimestamp } from '../../data.js'
import { libsqlUrl } from '../connection.js'
import { posts, users } from './schema-sqlite.js'

const chunk = 1000

function connect(target: Parameters<OpenContender>[0]['target']) {
  const client = createClient({ url: libsqlUrl(target) })
  return { client, db: drizzle({ client }) }
}

type Db = ReturnType<typeof connect>['db']

const toRow = (u: NewUser) => ({ ...u, joined: sqliteTimestamp(u.joined) })

/** Drizzle on @libsql/client, statements built per call with values inline. */
function perCall(db: Db): Omit<WorkloadOps, 'close'> {
  return {
    w1: (id) => db.select().from(users).where(eq(users.id, id)).get(),
    w2: (from, to) =>
      db
        .select()
        .from(users)
        .where(between(users.id, from, to)),
    w3: () => db.select().from(users),
    w4: (row) => db.transaction(async (tx) => tx.insert(users).values(toRow(row))),
    w5: (rows) => db.transaction(async (tx) => tx.insert(users).values(rows.map(toRow))),
    w6: (from, to, visits, score) =>
      db.transaction((tx) =>
        tx
          .update(users)
          .set({ visits, score })
          .where(between(users.id, from, to))
          .returning(),
      ),
    // Drizzle has no executemany: its documented bulk path is a multi-row insert.
    w7: (rows) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += chunk) {
          await tx.insert(users).values(rows.slice(i, i + chunk).map(toRow))
        }
      }),
    w8: (from, to) =>
      db
        .select({ post: posts, user: users })
        .from(posts)
        .innerJoin(users, eq(users.id, posts.author))
        .where(between(posts.id, from, to)),
  }
}

export const open: OpenContender = async ({ target }) => {
  const { client, db } = connect(target)
  return { ...perCall(db), close: () => client.close() }
}

/**
 * Drizzle's prepared statements for reads and the W7 insert (prepared per transaction: a
 * prepared query runs on the client, not in the interactive transaction); W4-W6 cannot reuse
 * one and are written as in `open`.
 */
export const openPrepared: OpenContender = async ({ target }) => {
  const { client, db } = connect(target)
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
    w7: (rows) =>
      db.transaction(async (tx) => {
        const insert = tx
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
        for (const row of rows) await insert.run(toRow(row))
      }),
    w8: (from, to) => join.all({ from, to }),
    close: () => client.close(),
  }
}
