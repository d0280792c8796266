import pg from 'pg'
import type { Sizes, Target } from '../config.js'
import type { Admin } from './admin.js'
import { ddl, postColumns, userColumns } from './ddl.js'
import { postChunks, userChunks, valuesList } from './seed-rows.js'

/** A UTC wall-clock literal for a `timestamp` column, independent of the process zone. */
function encode(value: unknown): unknown {
  return value instanceof Date ? value.toISOString().replace('T', ' ').replace('Z', '') : value
}

export async function openPgAdmin(target: Target): Promise<Admin> {
  const client = new pg.Client({ connectionString: target.pgUrl })
  await client.connect()
  const schema = `"${target.pgSchema}"`
  return {
    id: 'pg',
    async setup(sizes: Sizes) {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.query(`CREATE SCHEMA ${schema}`)
      await client.query(`SET search_path TO ${schema}`)
      for (const statement of ddl.pg) await client.query(statement)
      for (const rows of userChunks(sizes, encode)) {
        const sql = `INSERT INTO users (${userColumns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${valuesList(rows.length, userColumns.length, true)}`
        await client.query(sql, rows.flat())
      }
      for (const rows of postChunks(sizes, encode)) {
        const sql = `INSERT INTO posts (${postColumns.join(', ')}) OVERRIDING SYSTEM VALUE VALUES ${valuesList(rows.length, postColumns.length, true)}`
        await client.query(sql, rows.flat())
      }
      await client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), ${sizes.users})`)
      await client.query(`SELECT setval(pg_get_serial_sequence('posts', 'id'), ${sizes.posts})`)
      await client.query('VACUUM ANALYZE users')
      await client.query('VACUUM ANALYZE posts')
    },
    async cleanup(sizes: Sizes) {
      const { rowCount } = await client.query('DELETE FROM users WHERE id > $1', [sizes.users])
      // Dead tuples would slow later scans (W3) for whoever runs after a write workload.
      if (rowCount) await client.query('VACUUM users')
      return rowCount ?? 0
    },
    async teardown() {
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    },
  }
}
