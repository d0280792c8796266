import { between, eq, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import type { OpenContender, WorkloadOps } from '../../contender.js'
import type { NewUser } from '../../data.js'
import { pgConfig } from '../connection.js'
import { posts, users } from './schema-pg.js'

const chunk = 1000

function connect(target: Parameters<OpenContender>[0]['target']) {
  const pool = new pg.Pool(pgConfig(target))
  return { pool, db: drizzle({ client: pool }) }
}

type Db = ReturnType<typeof connect>['db']

/** Drizzle on node-postgres, statements built per call with values inline. */
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
    w6: (from, to, visits, score) =>
      db.transaction((tx) =>
        tx
          .update(users)
          .set({ visits, score })
          .where(between(users.id, from, to))
          .returning(),
      ),
    // Drizzle has no executemany: its documented bulk path is a multi-row insert, chunked
    // under PostgreSQL's 65,535 bind parameters.
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
 * Drizzle's prepared statements (`.prepare(name)` with `sql.placeholder`): reads and the W7
 * insert. A prepared statement runs on the pool, not inside a transaction, so the W7 insert is
 * prepared per transaction; W4-W6 cannot reuse one and are written as in `open`.
 */
export const openPrepared: OpenContender = async ({ target }) => {
  const { pool, db } = connect(target)
  const byId = db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder('id')))
    .prepare('w1')
  const byRange = db
    .select()
    .from(users)
    .where(between(users.id, sql.placeholder('from'), sql.placeholder('to')))
    .prepare('w2')
  const all = db.select().from(users).prepare('w3')
  const join = db
    .select({ post: posts, user: users })
    .from(posts)
    .innerJoin(users, eq(users.id, posts.author))
    .where(between(posts.id, sql.placeholder('from'), sql.placeholder('to')))
    .prepare('w8')
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
          .prepare('w7')
        for (const row of rows) await insert.execute({ ...row })
      }),
    w8: (from, to) => join.execute({ from, to }),
    close: () => pool.end(),
  }
}
