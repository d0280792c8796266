import type { Generated, Kysely } from 'kysely'
import type { WorkloadOps } from '../../contender.js'
import type { NewUser } from '../../data.js'

/**
 * The bench tables as Kysely types. Kysely passes driver values through, so the column
 * types are what each driver returns: `Bool` and `Stamp` differ per database.
 */
export interface Database<Bool, Stamp> {
  users: {
    id: Generated<number>
    name: string
    bio: string
    visits: number
    active: Bool
    score: number
    joined: Stamp
    note: string | null
  }
  posts: {
    id: Generated<number>
    author: number
    title: string
    body: string
    published: Bool
    created: Stamp
  }
}

type AnyDatabase = Database<any, any>

export interface KyselyOptions<DB extends AnyDatabase> {
  /** Whether UPDATE ... RETURNING exists (not on MariaDB). */
  readonly updateReturns: boolean
  /** A bench row as this database's insert values (SQLite wants 1/0 and text). */
  readonly toRow: (row: NewUser) => {
    [K in keyof DB['users']]?: DB['users'][K] extends Generated<infer T> ? T : DB['users'][K]
  }
}

/** Multi-row insert size, under every database's bind-parameter limit. */
const chunk = 1000

/** The workloads in Kysely's query builder; the same code serves every dialect. */
export function kyselyOps<DB extends AnyDatabase>(
  kysely: Kysely<DB>,
  options: KyselyOptions<DB>,
): WorkloadOps {
  // Kysely's types need a concrete database to resolve table names.
  const db = kysely as unknown as Kysely<Database<boolean, Date>>
  const toRow = options.toRow as unknown as (row: NewUser) => NewUser
  return {
    w1: (id) => db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst(),
    w2: (from, to) =>
      db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb.between('id', from, to))
        .execute(),
    w3: () => db.selectFrom('users').selectAll().execute(),
    w4: (row) =>
      db.transaction().execute((trx) => trx.insertInto('users').values(toRow(row)).execute()),
    w5: (rows) =>
      db.transaction().execute((trx) => trx.insertInto('users').values(rows.map(toRow)).execute()),
    w6: (from, to, visits, score) =>
      db.transaction().execute(async (trx) => {
        const update = trx
          .updateTable('users')
          .set({ visits, score })
          .where((eb) => eb.between('id', from, to))
        if (options.updateReturns) return update.returningAll().execute()
        await update.execute()
        return trx
          .selectFrom('users')
          .selectAll()
          .where((eb) => eb.between('id', from, to))
          .execute()
      }),
    // Kysely has no executemany: its documented bulk path is a multi-row insert.
    w7: (rows) =>
      db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += chunk) {
          await trx
            .insertInto('users')
            .values(rows.slice(i, i + chunk).map(toRow))
            .execute()
        }
      }),
    w8: (from, to) =>
      db
        .selectFrom('posts')
        .innerJoin('users', 'users.id', 'posts.author')
        .select([
          'posts.id as post_id',
          'posts.author as post_author',
          'posts.title as post_title',
          'posts.body as post_body',
          'posts.published as post_published',
          'posts.created as post_created',
          'users.id as user_id',
          'users.name as user_name',
          'users.bio as user_bio',
          'users.visits as user_visits',
          'users.active as user_active',
          'users.score as user_score',
          'users.joined as user_joined',
          'users.note as user_note',
        ])
        .where((eb) => eb.between('posts.id', from, to))
        .execute(),
    close: () => db.destroy(),
  }
}
