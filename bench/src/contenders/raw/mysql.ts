import mysql from 'mysql2/promise'
import type { OpenContender } from '../../contender.js'
import type { NewUser } from '../../data.js'
import { joinSelectList, mysqlUri, userInsertColumns, userSelectList } from '../connection.js'

/**
 * mysql2 as its documentation shows it: a promise pool and `execute()`, the prepared
 * statement path it recommends for parameterised SQL, with row objects.
 */
export const open: OpenContender = async ({ target }) => {
  const pool = mysql.createPool({ uri: mysqlUri(target) })
  const insertSql = `INSERT INTO users (${userInsertColumns}) VALUES (?, ?, ?, ?, ?, ?, ?)`
  const values = (u: NewUser) => [u.name, u.bio, u.visits, u.active, u.score, u.joined, u.note]

  async function inTransaction<T>(work: (c: mysql.PoolConnection) => Promise<T>): Promise<T> {
    const connection = await pool.getConnection()
    try {
      await connection.beginTransaction()
      const result = await work(connection)
      await connection.commit()
      return result
    } catch (error) {
      await connection.rollback()
      throw error
    } finally {
      connection.release()
    }
  }

  return {
    async w1(id) {
      const [rows] = await pool.execute<mysql.RowDataPacket[]>(
        `SELECT ${userSelectList} FROM users WHERE id = ?`,
        [id],
      )
      return rows[0]
    },
    async w2(from, to) {
      const sql = `SELECT ${userSelectList} FROM users WHERE id BETWEEN ? AND ?`
      return (await pool.execute<mysql.RowDataPacket[]>(sql, [from, to]))[0]
    },
    async w3() {
      return (await pool.execute<mysql.RowDataPacket[]>(`SELECT ${userSelectList} FROM users`))[0]
    },
    w4: (row) => inTransaction((c) => c.execute(insertSql, values(row))),
    w5: (rows) =>
      inTransaction((c) => {
        const marks = rows.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')
        return c.execute(
          `INSERT INTO users (${userInsertColumns}) VALUES ${marks}`,
          rows.flatMap(values),
        )
      }),
    w6: (from, to, visits, score) =>
      inTransaction(async (c) => {
        await c.execute('UPDATE users SET visits = ?, score = ? WHERE id BETWEEN ? AND ?', [
          visits,
          score,
          from,
          to,
        ])
        const sql = `SELECT ${userSelectList} FROM users WHERE id BETWEEN ? AND ?`
        return (await c.execute<mysql.RowDataPacket[]>(sql, [from, to]))[0]
      }),
    w7: (rows) =>
      inTransaction(async (c) => {
        for (const row of rows) await c.execute(insertSql, values(row))
      }),
    async w8(from, to) {
      const sql = `SELECT ${joinSelectList} FROM posts p JOIN users u ON u.id = p.author WHERE p.id BETWEEN ? AND ?`
      return (await pool.execute<mysql.RowDataPacket[]>(sql, [from, to]))[0]
    },
    close: () => pool.end(),
  }
}
