import { between, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/mysql2'
import mysql from 'mysql2/promise'
import type { OpenContender, WorkloadOps } from '../../contender.js'
import type { NewUser } from '../../data.js'
import { mysqlUri } from '../connection.js'
import { posts, users } from './schema-mysql.js'

const chunk = 1000

function connect(target: Parameters<OpenContender>[0]['target']) {
  const pool = mysql.createPool({ uri: mysqlUri(target) })
  return { pool, db: drizzle({ client: pool }) }
}

type Db = ReturnType<typeof connect>['db']

/** Drizzle on mysql2, statements built per call with values inline. */
function perCall(db: Db): Omit<WorkloadOps, 'close'> {
  return {
    async w1(id) {
      const [row] = await db.select().from(users).where(eq(users.id, id))
      return row
    },
    w2: (from, to) =>
      db
        .select()
        .from(users)
        .where(between(users.id, from, to)),
    w3: () => db.select().from(users),
    w4: (row) => db.transaction(async (tx) => tx.insert(users).values(row)),
    w5: (rows) => db.transaction(async (tx) => tx.insert(users).values([...rows])),
    // MariaDB has no UPDATE ... RETURNING: update, then read the rows back.
    w6: (from, to, visits, score) =>
      db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ visits, score })
          .where(between(users.id, from, to))
        return tx
          .select()
          .from(users)
          .where(between(users.id, from, to))
      }),
    // Drizzle has no executemany: its documented bulk path is a multi-row insert.
    w7: (rows) =>
      db.transaction(async (tx) => {
        for (let i = 0; i < rows.length; i += chunk) {
          await tx.insert(users).values(rows.slice(i, i + chunk) as NewUser[])
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
  const { pool, db } = connect(target)
  return { ...perCall(db), close: () => pool.end() }
}

/**
 * Drizzle's prepared statements (`.prepare()` with `sql.placeholder`) for reads and the W7
 * insert (prepared per transaction: a prepared query runs on the pool, not in the
 * transaction); W4-W6 cannot reuse one and are written as in `open`.
 */
export const openPrepared: OpenContender = async ({ target }) => {
  const { pool, db } = connect(target)
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
    async w1(id) {
      const [row] = await byId.execute({ id })
      return row
    },
    w2: (from, to) => byRange.execute({ from, to }),
    w3: () => all.execute(),
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
        for (const row of rows) await insert.execute({ ...row })
      }),
    w8: (from, to) => join.execute({ from, to }),
    close: () => pool.end(),
  }
}
