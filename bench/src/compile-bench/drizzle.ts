import { eq } from 'drizzle-orm'
import * as mysqlCore from 'drizzle-orm/mysql-core'
import * as pgCore from 'drizzle-orm/pg-core'
import * as sqliteCore from 'drizzle-orm/sqlite-core'

const pgTables = Array.from({ length: 11 }, (_, i) =>
  pgCore.pgTable(`t${i}`, {
    id: pgCore.integer().primaryKey(),
    parent: pgCore.integer().notNull(),
    name: pgCore.varchar({ length: 100 }).notNull(),
    body: pgCore.text(),
    created: pgCore.timestamp().notNull(),
  }),
)
const mysqlTables = Array.from({ length: 11 }, (_, i) =>
  mysqlCore.mysqlTable(`t${i}`, {
    id: mysqlCore.int().primaryKey(),
    parent: mysqlCore.int().notNull(),
    name: mysqlCore.varchar({ length: 100 }).notNull(),
    body: mysqlCore.text(),
    created: mysqlCore.datetime().notNull(),
  }),
)
const sqliteTables = Array.from({ length: 11 }, (_, i) =>
  sqliteCore.sqliteTable(`t${i}`, {
    id: sqliteCore.integer().primaryKey(),
    parent: sqliteCore.integer().notNull(),
    name: sqliteCore.text().notNull(),
    body: sqliteCore.text(),
    created: sqliteCore.text().notNull(),
  }),
)

/**
 * Drizzle's standalone query builders (`new QueryBuilder()` per dialect), compiled with
 * `toSQL()`. Typed loosely: the chain of eleven tables is built in a loop.
 */
function tenJoins(qb: any, tables: any[], id: number) {
  const fields: Record<string, unknown> = {}
  tables.forEach((t, i) => {
    fields[`n${i}`] = t.name
    fields[`i${i}`] = t.id
  })
  let query = qb.select(fields).from(tables[0])
  for (let i = 1; i < tables.length; i++) {
    query = query.innerJoin(tables[i], eq(tables[i].parent, tables[i - 1].id))
  }
  return query.where(eq(tables[0].id, id)).toSQL()
}

export const drizzleBuilders = {
  postgres: (id: number) => tenJoins(new pgCore.QueryBuilder(), pgTables, id),
  mysql: (id: number) => tenJoins(new mysqlCore.QueryBuilder(), mysqlTables, id),
  sqlite: (id: number) => tenJoins(new sqliteCore.QueryBuilder(), sqliteTables, id),
}
