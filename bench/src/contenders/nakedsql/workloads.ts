import {
  between,
  eq,
  insert,
  param,
  type SessionFactory,
  type SyncSessionFactory,
  select,
  update,
} from '@nakedsql/core'
import type { WorkloadOps } from '../../contender.js'
import { posts, users } from './schema.js'

/** Whether UPDATE ... RETURNING exists (not on MariaDB): the contender updates, then selects. */
export interface NakedOptions {
  readonly updateReturns: boolean
}

/** An insert whose values are given per execution: nakedsql's executemany form. */
const insertUser = () =>
  insert(users).values({
    name: param<string>('name'),
    bio: param<string>('bio'),
    visits: param<number>('visits'),
    active: param<boolean>('active'),
    score: param<number>('score'),
    joined: param<Date>('joined'),
    note: param<string | null>('note'),
  })

const byRange = (from: number, to: number) => between(users.id, from, to)

/**
 * The workloads as nakedsql users write them: a statement built per call with the values in
 * the builder; a single read run on its own (`db.scalar` for one entity, `db.scalars` for
 * many, as the raw driver's `pool.query`), writes in a session (`db.begin`), as the raw
 * driver's BEGIN/COMMIT; (post, author) tuples out of `tuples()`.
 */
export function perCallOps(db: SessionFactory, options: NakedOptions): WorkloadOps {
  return {
    w1: (id) => db.scalar(select(users).where(eq(users.id, id))),
    w2: async (from, to) => (await db.scalars(select(users).where(byRange(from, to)))).all(),
    w3: async () => (await db.scalars(select(users))).all(),
    w4: (row) => db.begin((s) => s.execute(insert(users).values(row))),
    w5: (rows) => db.begin((s) => s.execute(insert(users).values(rows))),
    w6: (from, to, visits, score) =>
      db.begin(async (s) => {
        const change = update(users).set({ visits, score }).where(byRange(from, to))
        if (options.updateReturns) return (await s.scalars(change.returning(users))).all()
        await s.execute(change)
        return (await s.scalars(select(users).where(byRange(from, to)))).all()
      }),
    w7: (rows) => db.begin((s) => s.execute(insertUser(), rows)),
    w8: async (from, to) => {
      const pairs = select(posts, users)
        .from(posts)
        .innerJoin(users, eq(users.id, posts.author))
        .where(between(posts.id, from, to))
      return (await db.tuples(pairs)).all()
    },
    close: () => db.close(),
  }
}

/** Statements built once with `param()` placeholders and run with a values object. */
export function preparedOps(db: SessionFactory, options: NakedOptions): WorkloadOps {
  const from = param<number>('from')
  const to = param<number>('to')
  const byId = select(users).where(eq(users.id, param<number>('id')))
  const range = select(users).where(between(users.id, from, to))
  const all = select(users)
  const insertOne = insertUser()
  const change = update(users)
    .set({ visits: param<number>('visits'), score: param<number>('score') })
    .where(between(users.id, from, to))
  const changeReturning = change.returning(users)
  const pairs = select(posts, users)
    .from(posts)
    .innerJoin(users, eq(users.id, posts.author))
    .where(between(posts.id, from, to))
  return {
    w1: (id) => db.scalar(byId, { id }),
    w2: async (from, to) => (await db.scalars(range, { from, to })).all(),
    w3: async () => (await db.scalars(all)).all(),
    w4: (row) => db.begin((s) => s.execute(insertOne, { ...row })),
    w5: (rows) => db.begin((s) => s.execute(insertOne, rows)),
    w6: (from, to, visits, score) =>
      db.begin(async (s) => {
        if (options.updateReturns) {
          return (await s.scalars(changeReturning, { from, to, visits, score })).all()
        }
        await s.execute(change, { from, to, visits, score })
        return (await s.scalars(range, { from, to })).all()
      }),
    w7: (rows) => db.begin((s) => s.execute(insertOne, rows)),
    w8: async (from, to) => (await db.tuples(pairs, { from, to })).all(),
    close: () => db.close(),
  }
}

/** The same per-call workloads through better-sqlite3's synchronous sessions. */
export function syncOps(db: SyncSessionFactory): WorkloadOps {
  return {
    w1: (id) => db.scalar(select(users).where(eq(users.id, id))),
    w2: (from, to) => db.scalars(select(users).where(byRange(from, to))).all(),
    w3: () => db.scalars(select(users)).all(),
    w4: (row) => db.begin((s) => s.execute(insert(users).values(row))),
    w5: (rows) => db.begin((s) => s.execute(insert(users).values(rows))),
    w6: (from, to, visits, score) =>
      db.begin((s) => {
        const change = update(users).set({ visits, score }).where(byRange(from, to))
        return s.scalars(change.returning(users)).all()
      }),
    w7: (rows) => db.begin((s) => s.execute(insertUser(), rows)),
    w8: (from, to) => {
      const pairs = select(posts, users)
        .from(posts)
        .innerJoin(users, eq(users.id, posts.author))
        .where(between(posts.id, from, to))
      return db.tuples(pairs).all()
    },
    close: () => db.close(),
  }
}
