import {
  type Dialect,
  eq,
  integer,
  mysql,
  postgres,
  select,
  sqlite,
  table,
  text,
  timestamp,
  varchar,
} from '@nakedsql/core'
// The session layer's planner is internal; the bench measures it directly, without a driver.
import { Executor } from '../../../packages/core/src/session/executor.js'

/** Eleven tables, each pointing at the one before: a chain that takes ten joins to walk. */
const tables = Array.from({ length: 11 }, (_, i) =>
  table(`t${i}`, {
    id: integer().primaryKey(),
    parent: integer().notNull(),
    name: varchar(100).notNull(),
    body: text(),
    created: timestamp().notNull(),
  }),
)

/** A select of two columns from each of eleven tables joined in a chain, one value bound. */
export function buildTenJoins(id: number) {
  const [first, ...rest] = tables
  let query = select(...tables.map((t) => t.name), ...tables.map((t) => t.id)).from(first!)
  rest.forEach((t, i) => {
    query = query.innerJoin(t, eq(t.parent, tables[i]!.id))
  })
  return query.where(eq(first!.id, id))
}

export const dialects: Record<string, Dialect> = { postgres, mysql, sqlite }

/**
 * What `db.execute` does with a statement built per call before it reaches the driver: find
 * the template of its shape (compiling only the first time) and bind its values.
 */
export function planner(dialect: Dialect): (id: number) => unknown[] {
  const executor = new Executor(dialect, {
    returning: { insert: true, update: true, delete: true },
    savepoints: true,
    isolationLevels: [],
    readOnly: false,
    concurrentConnections: true,
  })
  return (id) => {
    const plan = executor.plan(buildTenJoins(id))
    return plan.binder.bind(undefined, plan.values)
  }
}
