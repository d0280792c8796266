import { createRequire } from 'node:module'
import { createClient, type Transaction } from '@libsql/client'
import type Database from 'better-sqlite3'
import type { OpenContender } from '../../contender.js'
import { type NewUser, sqliteTimestamp } from '../../data.js'
import { joinSelectList, libsqlUrl, userInsertColumns, userSelectList } from '../connection.js'
import { onEngine } from './better-sqlite3.js'

/**
 * @libsql/client as its documentation shows it: `execute({ sql, args })`, interactive
 * transactions for multi-statement writes, rows as returned.
 */
export const open: OpenContender = async ({ target }) => {
  const client = createClient({ url: libsqlUrl(target) })
  const insertSql = `INSERT INTO users (${userInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`
  const values = (u: NewUser) => [
    u.name,
    u.bio,
    u.visits,
    u.active ? 1 : 0,
    u.score,
    sqliteTimestamp(u.joined),
    u.note,
  ]

  async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
    const tx = await client.transaction('write')
    try {
      const result = await work(tx)
      await tx.commit()
      return result
    } finally {
      tx.close()
    }
  }

  return {
    async w1(id) {
      const sql = `SELECT ${userSelectList} FROM users WHERE id = ?`
      return (await client.execute({ sql, args: [id] })).rows[0]
    },
    async w2(from, to) {
      const sql = `SELECT ${userSelectList} FROM users WHERE id BETWEEN ? AND ?`
      return (await client.execute({ sql, args: [from, to] })).rows
    },
    async w3() {
      return (await client.execute(`SELECT ${userSelectList} FROM users`)).rows
    },
    w4: (row) => inTransaction((tx) => tx.execute({ sql: insertSql, args: values(row) })),
    w5: (rows) =>
      inTransaction((tx) => {
        const marks = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')
        const sql = `INSERT INTO users (${userInsertColumns}) VALUES ${marks}`
        return tx.execute({ sql, args: rows.flatMap(values) })
      }),
    w6: (from, to, visits, score) =>
      inTransaction(async (tx) => {
        const sql = `UPDATE users SET visits = ?, score = ? WHERE id BETWEEN ? AND ? RETURNING ${userSelectList}`
        return (await tx.execute({ sql, args: [visits, score, from, to] })).rows
      }),
    w7: (rows) =>
      inTransaction(async (tx) => {
        for (const row of rows) await tx.execute({ sql: insertSql, args: values(row) })
      }),
    async w8(from, to) {
      const sql = `SELECT ${joinSelectList} FROM posts p JOIN users u ON u.id = p.author WHERE p.id BETWEEN ? AND ?`
      return (await client.execute({ sql, args: [from, to] })).rows
    },
    close: () => client.close(),
  }
}

/**
 * The libsql engine that @libsql/client runs local files on, used as better-sqlite3 is (its API
 * is a copy): statements prepared once, synchronous calls, row objects. nakedsql's
 * libSQL adapter runs local files on this engine, so this row is its floor; the client row
 * above is the documented driver, and the floor of the peers, which run on the client.
 */
export const openEngine: OpenContender = async ({ target }) => {
  // The engine @libsql/client itself loads, not a second copy.
  const require = createRequire(import.meta.url)
  const Engine = require(require.resolve('libsql', { paths: [require.resolve('@libsql/client')] }))
  return onEngine(new Engine(target.libsqlFile) as Database.Database)
}
