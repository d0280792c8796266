import type { CteNode, QueryNode, SetOperationNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ViewDef } from '../schema/table-def.js'
import {
  type Derived,
  type DerivedColumns,
  deriveColumns,
  makeDerived,
  tablesRead,
} from './derived.js'
import type { SelectItem } from './items.js'
import { type AnyQuery, type Query, recursiveCtes } from './query.js'

function withoutWith(node: QueryNode): { query: QueryNode; deps: readonly CteNode[] } {
  if (!node.with) return { query: node, deps: [] }
  const { with: w, ...rest } = node
  return { query: Object.freeze(rest) as QueryNode, deps: w.ctes }
}

function make(
  name: string,
  items: readonly SelectItem[],
  nullable: ReadonlySet<string>,
  body: () => { query: QueryNode; deps: readonly CteNode[] },
  recursive: boolean,
) {
  if (typeof name !== 'string' || name.length === 0) throw new CompileError('cte() needs a name.')
  const { byProperty, primaryKey } = deriveColumns(items, nullable, `CTE "${name}"`)
  const columns = Object.values(byProperty)
  const def = (query: QueryNode): ViewDef =>
    Object.freeze({
      kind: 'view',
      name,
      columns: Object.freeze(columns),
      primaryKey,
      query,
      dependsOn: Object.freeze([...tablesRead(query)]),
      byProperty: Object.freeze(byProperty),
    })
  const ref = { kind: 'TableRef', name } as const
  // The recursive step reads the CTE before it exists: give it a relation without a definition.
  const self = makeDerived(def(placeholder), name, ref)
  const { query, deps } = body.call(self)
  const node: CteNode = Object.freeze({
    kind: 'Cte',
    name,
    columns: Object.freeze(columns.map((c) => c.name)),
    query,
  })
  if (recursive) recursiveCtes.add(node)
  return makeDerived(def(query), name, ref, [...deps.filter((d) => d.name !== name), node])
}

const placeholder: QueryNode = Object.freeze({
  kind: 'Select',
  distinct: false,
  columns: [],
  from: [],
  joins: [],
  groupBy: [],
  orderBy: [],
})

/**
 * A named subquery in the statement's WITH clause, used like a table. Selecting from it (in
 * FROM or a join) adds the WITH clause; CTEs it reads come along.
 *
 * @example
 * const active = cte('active', select(users).where(eq(users.active, true)))
 * select(active.email).from(active)
 */
export function cte<N extends string, I extends readonly SelectItem[], Nl extends string>(
  name: N,
  query: Query<I, Nl>,
): Derived<N, DerivedColumns<I, Nl>> {
  const relation = make(name, query.items, query.nullable, () => withoutWith(query.toNode()), false)
  return relation as unknown as Derived<N, DerivedColumns<I, Nl>>
}

/**
 * A recursive CTE: `anchor` gives the first rows, `step(self)` the rows derived from the
 * previous ones, joined by `union all` (or `union` with `{ distinct: true }`). Columns come
 * from the anchor's items.
 *
 * @example
 * const tree = recursiveCte(
 *   'tree',
 *   select(nodes.id, nodes.parentId).from(nodes).where(isNull(nodes.parentId)),
 *   (self) => select(nodes.id, nodes.parentId).from(nodes).innerJoin(self, eq(nodes.parentId, self.id)),
 * )
 * select(tree.id).from(tree)
 */
export function recursiveCte<N extends string, I extends readonly SelectItem[], Nl extends string>(
  name: N,
  anchor: Query<I, Nl>,
  step: (self: Derived<N, DerivedColumns<I, Nl>>) => AnyQuery,
  options: { readonly distinct?: boolean } = {},
): Derived<N, DerivedColumns<I, Nl>> {
  const relation = make(
    name,
    anchor.items,
    anchor.nullable,
    function (this: unknown) {
      const left = withoutWith(anchor.toNode())
      const stepQuery = step(this as Derived<N, DerivedColumns<I, Nl>>)
      if (stepQuery.shape.length !== anchor.shape.length) {
        throw new CompileError(
          `The recursive step of CTE "${name}" selects ${stepQuery.shape.length} items, the anchor ${anchor.shape.length}. Select the same items in the same order.`,
        )
      }
      const right = withoutWith(stepQuery.toNode())
      const query: SetOperationNode = Object.freeze({
        kind: 'SetOperation',
        op: options.distinct ? 'union' : 'union all',
        left: left.query,
        right: right.query,
        orderBy: Object.freeze([]),
      })
      return { query, deps: [...left.deps, ...right.deps] }
    },
    true,
  )
  return relation as unknown as Derived<N, DerivedColumns<I, Nl>>
}
