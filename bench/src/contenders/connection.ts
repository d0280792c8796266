import { type Target, withDatabase } from '../config.js'

/**
 * Connection settings every contender on a database shares, so no library gets a different
 * server setup: PostgreSQL through the bench schema on the search path, MariaDB in the bench
 * database with the session zone pinned to UTC (mysql2's own zone handling is 'local', and the
 * harness runs its children with TZ=UTC).
 */
export function pgConfig(target: Target) {
  return { connectionString: target.pgUrl, options: `-c search_path=${target.pgSchema}` }
}

export function mysqlUri(target: Target): string {
  return withDatabase(target.mysqlUrl, target.mysqlDatabase)
}

export function libsqlUrl(target: Target): string {
  return `file:${target.libsqlFile}`
}

/** The column list every hand-written statement uses, in DDL order. */
export const userSelectList = 'id, name, bio, visits, active, score, joined, note'
export const userInsertColumns = 'name, bio, visits, active, score, joined, note'
export const joinSelectList =
  'p.id AS post_id, p.author AS post_author, p.title AS post_title, p.body AS post_body, ' +
  'p.published AS post_published, p.created AS post_created, u.id AS user_id, ' +
  'u.name AS user_name, u.bio AS user_bio, u.visits AS user_visits, u.active AS user_active, ' +
  'u.score AS user_score, u.joined AS user_joined, u.note AS user_note'
