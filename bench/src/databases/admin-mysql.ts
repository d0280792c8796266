import mysql from 'mysql2/promise'
import type { Sizes, Target } from '../config.js'
import type { Admin } from './admin.js'
import { ddl, postColumns, userColumns } from './ddl.js'
import { postChunks, userChunks, valuesList } from './seed-rows.js'

function encode(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value
}

export async function openMysqlAdmin(target: Target): Promise<Admin> {
  const connection = await mysql.createConnection({ uri: target.mysqlUrl, timezone: 'Z' })
  const database = `\`${target.mysqlDatabase}\``
  return {
    id: 'mysql',
    async setup(sizes: Sizes) {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`)
      await connection.query(`CREATE DATABASE ${database}`)
      await connection.query(`USE ${database}`)
      for (const statement of ddl.mysql) await connection.query(statement)
      for (const rows of userChunks(sizes, encode)) {
        const sql = `INSERT INTO users (${userColumns.join(', ')}) VALUES ${valuesList(rows.length, userColumns.length, false)}`
        await connection.query(sql, rows.flat())
      }
      for (const rows of postChunks(sizes, encode)) {
        const sql = `INSERT INTO posts (${postColumns.join(', ')}) VALUES ${valuesList(rows.length, postColumns.length, false)}`
        await connection.query(sql, rows.flat())
      }
      await connection.query('ANALYZE TABLE users, posts')
    },
    async cleanup(sizes: Sizes) {
      const [result] = await connection.query<mysql.ResultSetHeader>(
        'DELETE FROM users WHERE id > ?',
        [sizes.users],
      )
      return result.affectedRows
    },
    async teardown() {
      await connection.query(`DROP DATABASE IF EXISTS ${database}`)
      await connection.end()
    },
  }
}
