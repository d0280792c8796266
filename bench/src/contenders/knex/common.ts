import type { Knex } from 'knex'
import type { WorkloadOps } from '../../contender.js'
import type { NewUser } from '../../data.js'

/** A user row as Knex returns it: driver values, typed by the caller. */
export interface UserRecord<Bool, Stamp> {
  id: number
  name: string
  bio: string
  visits: number
  active: Bool
  score: number
  joined: Stamp
  note: string | null
}

export interface KnexOptions {
  /** Whether UPDATE ... RETURNING exists (not on MariaDB). */
  readonly updateReturns: boolean
  /** A bench row as this database's insert values (SQLite wants 1/0 and text). */
  readonly toRow: (row: NewUser) => Record<string, unknown>
  /**
   * Rows one INSERT may carry. Knex writes a multi-row insert on SQLite as
   * `INSERT ... SELECT ... UNION ALL SELECT ...`, and SQLite allows 500 terms in a compound
   * SELECT, so a Knex user there inserts in chunks of 500.
   */
  readonly maxRowsPerInsert: number
}
const userColumns = ['id', 'name', 'bio', 'visits', 'active', 'score', 'joined', 'note']

/** The workloads in Knex's query builder; the same code serves every client. */
export function knexOps<Bool, Stamp>(knex: Knex, options: KnexOptions): WorkloadOps {
  type User = UserRecord<Bool, Stamp>
  const { toRow } = options
  return {
    w1: (id) => knex<User>('users').select(userColumns).where('id', id).first(),
    w2: (from, to) => knex<User>('users').select(userColumns).whereBetween('id', [from, to]),
    w3: () => knex<User>('users').select(userColumns),
    w4: (row) => knex.transaction((trx) => trx('users').insert(toRow(row))),
    w5: (rows) =>
      knex.transaction((trx) =>
        rows.length <= options.maxRowsPerInsert
          ? trx('users').insert(rows.map(toRow))
          : knex.batchInsert('users', rows.map(toRow), options.maxRowsPerInsert).transacting(trx),
      ),
    w6: (from, to, visits, score) =>
      knex.transaction(async (trx) => {
        const update = trx<User>('users').whereBetween('id', [from, to])
        if (options.updateReturns) return update.update({ visits, score }, userColumns)
        await update.update({ visits, score })
        return trx<User>('users').select(userColumns).whereBetween('id', [from, to])
      }),
    // Knex's documented path for many rows: batchInsert, multi-row inserts in chunks.
    w7: (rows) =>
      knex.transaction((trx) =>
        knex.batchInsert('users', rows.map(toRow), options.maxRowsPerInsert).transacting(trx),
      ),
    w8: (from, to) =>
      knex('posts as p')
        .join('users as u', 'u.id', 'p.author')
        .select(
          'p.id as post_id',
          'p.author as post_author',
          'p.title as post_title',
          'p.body as post_body',
          'p.published as post_published',
          'p.created as post_created',
          'u.id as user_id',
          'u.name as user_name',
          'u.bio as user_bio',
          'u.visits as user_visits',
          'u.active as user_active',
          'u.score as user_score',
          'u.joined as user_joined',
          'u.note as user_note',
        )
        .whereBetween('p.id', [from, to]),
    close: () => knex.destroy(),
  }
}
