import { CompileError } from '../errors/compile-error.js'
import type { DerivedColumns } from '../statements/derived.js'
import { deriveColumns, tablesRead } from '../statements/derived.js'
import type { SelectItem } from '../statements/items.js'
import type { Query } from '../statements/query.js'
import { makeRelation, type RowOf, type Table } from './table.js'
import type { ViewDef } from './table-def.js'

/**
 * Declares a view from a select. The view is queried like a table: its columns are the
 * selected entities' columns and labelled expressions, typed from the select. `createAll`
 * creates it after the tables it reads.
 *
 * @example
 * const activeUsers = view('active_users', select(users).where(eq(users.active, true)))
 * select(activeUsers.email).from(activeUsers)
 */
export function view<N extends string, I extends readonly SelectItem[], Nl extends string>(
  name: N,
  query: Query<I, Nl>,
): Table<N, DerivedColumns<I, Nl>, RowOf<DerivedColumns<I, Nl>>> {
  if (typeof name !== 'string' || name.length === 0) throw new CompileError('view() needs a name.')
  const node = query.toNode()
  const { byProperty, primaryKey } = deriveColumns(query.items, query.nullable, `view "${name}"`)
  const def: ViewDef = Object.freeze({
    kind: 'view',
    name,
    columns: Object.freeze(Object.values(byProperty)),
    primaryKey,
    query: node,
    dependsOn: Object.freeze([...tablesRead(node)]),
    byProperty: Object.freeze(byProperty),
  })
  return makeRelation(def, name, { kind: 'TableRef', name })
}
