import pg from 'pg'
import type { OpenContender } from '../../contender.js'
import type { NewUser } from '../../data.js'
import { joinSelectList, pgConfig, userInsertColumns, userSelectList } from '../connection.js'

/** node-postgres as its documentation shows it: a Pool, text SQL, $n placeholders, row objects. */
export const open: OpenContender = async ({ target }) => {
  const pool = new pg.Pool(pgConfig(target))
  const insertSql = `INSERT INTO users (${userInsertColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7)`
  const values = (u: NewUser) => [u.name, u.bio, u.visits, u.active, u.score, u.joined, u.note]

  async function inTransaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await pool.connect()
    try {
      await client.query('BEGIN')
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (error) {
      await client.query('ROLLBACK')
      throw error
    } finally {
      client.release()
    }
  }

  return {
    async w1(id) {
      const { rows } = await pool.query(`SELECT ${userSelectList} FROM users WHERE id = $1`, [id])
      return rows[0]
    },
    async w2(from, to) {
      const sql = `SELECT ${userSelectList} FROM users WHERE id BETWEEN $1 AND $2`
      return (await pool.query(sql, [from, to])).rows
    },
    async w3() {
      return (await pool.query(`SELECT ${userSelectList} FROM users`)).rows
    },
    w4: (row) => inTransaction((client) => client.query(insertSql, values(row))),
    w5: (rows) =>
      inTransaction((client) => {
        const marks = rows.map((_, r) => `(${[1, 2, 3, 4, 5, 6, 7].map((c) => `$${r * 7 + c}`)})`)
        const sql = `INSERT INTO users (${userInsertColumns}) VALUES ${marks.join(', ')}`
        return client.query(sql, rows.flatMap(values))
      }),
    w6: (from, to, visits, score) =>
      inTransaction(async (client) => {
        const sql = `UPDATE users SET visits = $1, score = $2 WHERE id BETWEEN $3 AND $4 RETURNING ${userSelectList}`
        return (await client.query(sql, [visits, score, from, to])).rows
      }),
    w7: (rows) =>
      inTransaction(async (client) => {
        for (const row of rows) await client.query(insertSql, values(row))
      }),
    async w8(from, to) {
      const sql = `SELECT ${joinSelectList} FROM posts p JOIN users u ON u.id = p.author WHERE p.id BETWEEN $1 AND $2`
      return (await pool.query(sql, [from, to])).rows
    },
    close: () => pool.end(),
  }
}
