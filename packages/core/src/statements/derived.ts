import type { CteNode, FromItemNode, QueryNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Bundle } from '../expressions/bundle.js'
import { Aliased } from '../expressions/expression.js'
import type { ColumnBuilder } from '../schema/column.js'
import { Column, type ColumnBuilders, type ColumnsOf, type RowOf } from '../schema/table.js'
import type { ColumnDef, RelationDef } from '../schema/table-def.js'
import { type AnyRelation, type ItemValue, isRelation, type SelectItem } from './items.js'

/*
 * Relations made from a select: subqueries in FROM (`q.as('s')`), CTEs and views. Their
 * columns come from the select items: an entity contributes its columns, a bare column one
 * column under its property name, a labelled expression or bundle field one column under
 * its label. At the type level each becomes a column builder, so the relation has the same
 * typed columns as a table. Columns (bare or labelled) of an outer-joined relation become
 * nullable; other expressions keep their declared type.
 */

type NullableBuilders<C> = {
  [K in keyof C]: C[K] extends ColumnBuilder<infer D, any, any>
    ? ColumnBuilder<D, false, false>
    : never
}

/** One derived column typed as the select item's value (`ItemValue` applies join nullability). */
type ValueBuilder<I, N extends string> = ColumnBuilder<ItemValue<I, N>, true, false>

type ItemBuilders<I, N extends string> = I extends {
  readonly $builders: infer C
  readonly $name: infer Nm
}
  ? Nm extends N
    ? NullableBuilders<C>
    : C
  : I extends Aliased<any, infer A>
    ? { [P in A]: ValueBuilder<I, N> }
    : I extends { readonly __bundle: infer F }
      ? { [P in keyof F]: ValueBuilder<F[P], N> }
      : I extends { readonly __property: infer P extends string }
        ? string extends P
          ? {}
          : { [K in P]: ValueBuilder<I, N> }
        : {}

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (
  x: infer I,
) => void
  ? I
  : never

/** The columns (as builders) of a relation made from select items `I`. */
export type DerivedColumns<I extends readonly unknown[], N extends string> =
  UnionToIntersection<{ [K in keyof I]: ItemBuilders<I[K], N> }[number]> extends infer C extends
    ColumnBuilders
    ? { [K in keyof C]: C[K] }
    : never

/** What a subquery or CTE relation carries besides its columns. */
export interface DerivedBase<TName extends string, TCols extends ColumnBuilders> {
  readonly $name: TName
  readonly $def: RelationDef
  readonly $columns: ColumnsOf<TName, TCols>
  readonly $ref: FromItemNode
  readonly $row: RowOf<TCols>
  readonly $builders: TCols
  readonly $cte?: readonly CteNode[]
}

/**
 * A subquery in FROM or a CTE: columns as properties, like a table, but not a target for
 * insert, update or delete.
 *
 * @example
 * const recent = select(posts.userId, count().as('n')).from(posts).groupBy(posts.userId).as('recent')
 * select(users, recent.n).from(users).innerJoin(recent, eq(recent.userId, users.id))
 */
export type Derived<TName extends string, TCols extends ColumnBuilders> = DerivedBase<
  TName,
  TCols
> &
  ColumnsOf<TName, TCols>

const untyped = (owner: string, name: string) =>
  new CompileError(
    `Column "${name}" of ${owner} has no known column type (a sql\`\` fragment?), so its values cannot be decoded. Wrap it in cast(expr, integer()) or another column type.`,
  )

function plainDef(name: string, type: ColumnDef['type'] | undefined, owner: string): ColumnDef {
  if (!type) throw untyped(owner, name)
  return Object.freeze({
    name,
    type,
    notNull: false,
    primaryKey: false,
    autoIncrement: false,
    unique: false,
  })
}

/**
 * The column definitions (by property) and primary key of a relation made from `items`.
 * `owner` names the relation in error messages.
 */
export function deriveColumns(
  items: readonly SelectItem[],
  nullable: ReadonlySet<string>,
  owner: string,
): { byProperty: Record<string, ColumnDef>; primaryKey: string[] } {
  // No prototype: columns named `__proto__` or `constructor` are columns like any other.
  const byProperty: Record<string, ColumnDef> = Object.create(null)
  const seen = new Set<string>()
  let primaryKey: string[] = []
  const add = (property: string, def: ColumnDef) => {
    if (seen.has(def.name) || Object.hasOwn(byProperty, property)) {
      throw new CompileError(
        `Column "${def.name}" appears twice in ${owner}. Label one of them with .as('otherName'), or select the columns one by one.`,
      )
    }
    seen.add(def.name)
    byProperty[property] = def
  }
  const entities = items.filter(isRelation)
  for (const item of items) {
    if (isRelation(item)) {
      const nulls = nullable.has(item.$name)
      for (const [property, column] of Object.entries(item.$columns)) {
        add(
          property,
          nulls && column.def.notNull
            ? Object.freeze({ ...column.def, notNull: false })
            : column.def,
        )
      }
      if (entities.length === 1) primaryKey = [...item.$def.primaryKey]
    } else if (item instanceof Bundle) {
      for (const [name, expr] of Object.entries(item.fields))
        add(name, plainDef(name, expr.type, owner))
    } else if (item instanceof Aliased) {
      add(item.alias, plainDef(item.alias, item.expression.type, owner))
    } else if (item.node.kind === 'Column' && item instanceof Column) {
      // The property name, as on the relation the column came from; the SQL name the
      // select list produces stays `def.name`.
      const nulls = nullable.has(item.table) && item.def.notNull
      add(item.property, nulls ? Object.freeze({ ...item.def, notNull: false }) : item.def)
    } else {
      throw new CompileError(
        `An unlabelled expression in ${owner} has no column name. Label it with .as('name').`,
      )
    }
  }
  return { byProperty, primaryKey }
}

/** Table names a query reads directly or through subqueries in FROM, for DDL ordering. */
export function tablesRead(query: QueryNode, out: Set<string> = new Set()): Set<string> {
  if (query.kind === 'SetOperation') {
    tablesRead(query.left, out)
    tablesRead(query.right, out)
    return out
  }
  const ctes = new Set(query.with?.ctes.map((c) => c.name) ?? [])
  for (const c of query.with?.ctes ?? []) tablesRead(c.query, out)
  for (const item of [...query.from, ...query.joins.map((j) => j.table)]) {
    if (item.kind === 'TableRef') {
      if (!ctes.has(item.name)) out.add(item.name)
    } else tablesRead(item.query, out)
  }
  for (const c of ctes) out.delete(c)
  return out
}

/** Builds the relation object: its columns qualified by `qualifier`, plus `$` metadata. */
export function makeDerived(
  def: RelationDef,
  qualifier: string,
  ref: FromItemNode,
  cte?: readonly CteNode[],
): AnyRelation {
  const columns: Record<string, Column> = Object.create(null)
  for (const [property, colDef] of Object.entries(def.byProperty)) {
    columns[property] = new Column(qualifier, colDef, property)
  }
  return Object.freeze({
    ...columns,
    $name: qualifier,
    $def: def,
    $columns: Object.freeze({ ...columns }),
    $ref: Object.freeze(ref),
    ...(cte ? { $cte: Object.freeze(cte) } : {}),
  }) as unknown as AnyRelation
}
