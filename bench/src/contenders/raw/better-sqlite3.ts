import Database from 'better-sqlite3'
import type { OpenContender } from '../../contender.js'
import { type NewUser, sqliteTimestamp } from '../../data.js'
import { joinSelectList, userInsertColumns, userSelectList } from '../connection.js'

/**
 * better-sqlite3 as its documentation shows it: statements prepared once and reused,
 * synchronous calls, `db.transaction()` wrappers, row objects. SQLite has no boolean or
 * timestamp type, so the caller encodes them (1/0, ISO text) and reads them back as stored.
 */
export const open: OpenContender = async ({ target }) => onEngine(new Database(target.sqliteFile))

/**
 * The workloads on an open engine with better-sqlite3's API: better-sqlite3 itself, or the
 * libsql package (the engine under @libsql/client's local files), which copies that API.
 */
export function onEngine(db: Database.Database): Awaited<ReturnType<OpenContender>> {
  const byId = db.prepare(`SELECT ${userSelectList} FROM users WHERE id = ?`)
  const byRange = db.prepare(`SELECT ${userSelectList} FROM users WHERE id BETWEEN ? AND ?`)
  const all = db.prepare(`SELECT ${userSelectList} FROM users`)
  const insert = db.prepare(`INSERT INTO users (${userInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`)
  const update = db.prepare(
    `UPDATE users SET visits = ?, score = ? WHERE id BETWEEN ? AND ? RETURNING ${userSelectList}`,
  )
  const join = db.prepare(
    `SELECT ${joinSelectList} FROM posts p JOIN users u ON u.id = p.author WHERE p.id BETWEEN ? AND ?`,
  )
  const values = (u: NewUser) => [
    u.name,
    u.bio,
    u.visits,
    u.active ? 1 : 0,
    u.score,
    sqliteTimestamp(u.joined),
    u.note,
  ]
  const insertOne = db.transaction((row: NewUser) => insert.run(values(row)))
  const insertMany = db.transaction((rows: readonly NewUser[]) => {
    for (const row of rows) insert.run(values(row))
  })
  // A multi-row INSERT is prepared per row count, as a careful user caches it.
  const bulkInserts = new Map<number, Database.Statement>()
  const insertBulk = db.transaction((rows: readonly NewUser[]) => {
    let statement = bulkInserts.get(rows.length)
    if (statement === undefined) {
      const marks = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')
      statement = db.prepare(`INSERT INTO users (${userInsertColumns}) VALUES ${marks}`)
      bulkInserts.set(rows.length, statement)
    }
    return statement.run(rows.flatMap(values))
  })
  const updateReturning = db.transaction(
    (visits: number, score: number, from: number, to: number) =>
      update.all(visits, score, from, to),
  )
  return {
    w1: (id) => byId.get(id),
    w2: (from, to) => byRange.all(from, to),
    w3: () => all.all(),
    w4: (row) => insertOne(row),
    w5: (rows) => insertBulk(rows),
    w6: (from, to, visits, score) => updateReturning(visits, score, from, to),
    w7: (rows) => insertMany(rows),
    w8: (from, to) => join.all(from, to),
    close: () => {
      db.close()
    },
  }
}
