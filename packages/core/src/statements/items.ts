import type { ColumnNode, CteNode, FromItemNode, SelectItemNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Bundle, type BundleFields } from '../expressions/bundle.js'
import { Aliased, type Expression } from '../expressions/expression.js'
import { isExpressionLike } from '../expressions/operand.js'
import type { ItemShape, ResultShape } from '../result/shape.js'
import type { Column, ColumnBuilders } from '../schema/table.js'
import type { RelationDef } from '../schema/table-def.js'

/*
 * What may stand in a select or returning list, what each item contributes to the result
 * tuple type, and how items become select-list nodes plus a result shape.
 */

/**
 * A table, alias, view, CTE or subquery as a select item or FROM item. Tables made with
 * `table()` and relations made by `view()`, `cte()` and `query.as()` all fit.
 */
export interface AnyRelation {
  readonly $name: string
  readonly $def: RelationDef
  readonly $ref: FromItemNode
  readonly $class?: abstract new (...args: any[]) => unknown
  readonly $row: unknown
  readonly $builders: ColumnBuilders
  readonly $columns: Readonly<Record<string, Column<string, any, boolean, boolean>>>
  /** Set on CTE relations: the definitions a statement selecting from it must put in WITH. */
  readonly $cte?: readonly CteNode[]
}

export type SelectItem =
  | AnyRelation
  | Expression<unknown>
  | Aliased<unknown, string>
  | Bundle<BundleFields>

/**
 * The value one select item contributes to a result row, given the names (`N`) of the
 * relations an outer join made nullable.
 */
export type ItemValue<I, N extends string> = I extends {
  readonly $row: infer R
  readonly $name: infer Nm
}
  ? Nm extends N
    ? R | null
    : R
  : I extends { readonly __table: infer Tb; readonly __type: infer T }
    ? Tb extends N
      ? T | null
      : T
    : I extends { readonly __bundle: infer F }
      ? { -readonly [K in keyof F]: ItemValue<F[K], N> }
      : I extends { readonly __type: infer T }
        ? T
        : never

/** The result tuple of a list of select items. */
export type RowOfItems<I extends readonly unknown[], N extends string> = {
  -readonly [K in keyof I]: ItemValue<I[K], N>
}

/** The name of the first relation among the items: the inferred FROM. */
export type FirstRelationName<I extends readonly unknown[]> = I extends readonly [
  infer H,
  ...infer R,
]
  ? H extends { readonly $row: unknown; readonly $name: infer N extends string }
    ? N
    : FirstRelationName<R>
  : never

export function isRelation(x: unknown): x is AnyRelation {
  return typeof x === 'object' && x !== null && '$def' in x && '$ref' in x
}

export function checkItem(item: unknown, where: string): SelectItem {
  if (
    isRelation(item) ||
    item instanceof Bundle ||
    item instanceof Aliased ||
    isExpressionLike(item)
  ) {
    return item as SelectItem
  }
  throw new CompileError(
    `${where} got ${item === null ? 'null' : typeof item}, which is not a table, column, expression, labelled expression or bundle. Wrap a plain value in sql\`\${value}\` to select it.`,
  )
}

function freezeColumn(table: string, name: string): ColumnNode {
  return Object.freeze({ kind: 'Column', table, name })
}

/** Select-list nodes and result shape of `items`; entities named in `nullable` map NULL rows to null. */
export function selectList(
  items: readonly SelectItem[],
  nullable: ReadonlySet<string>,
): { readonly nodes: readonly SelectItemNode[]; readonly shape: ResultShape } {
  const nodes: SelectItemNode[] = []
  const shape: ItemShape[] = []
  for (const item of items) {
    if (isRelation(item)) {
      const columns: [string, import('../schema/table-def.js').ColumnDef][] = []
      const pk: number[] = []
      for (const [property, column] of Object.entries(item.$columns)) {
        if (item.$def.primaryKey.includes(column.def.name)) pk.push(columns.length)
        columns.push([property, column.def])
        nodes.push(freezeColumn(item.$name, column.def.name))
      }
      shape.push(
        Object.freeze({
          kind: 'entity',
          columns: Object.freeze(columns.map((c) => Object.freeze(c))),
          primaryKey: Object.freeze(pk),
          ...(item.$class ? { cls: item.$class } : {}),
          nullable: nullable.has(item.$name),
        }),
      )
    } else if (item instanceof Bundle) {
      const fields: (readonly [string, { readonly kind: 'value'; readonly type?: any }])[] = []
      for (const [name, expr] of Object.entries(item.fields)) {
        nodes.push(Object.freeze({ kind: 'Alias', expr: expr.node, alias: name }))
        fields.push(Object.freeze([name, valueShape(expr.type)]))
      }
      shape.push(Object.freeze({ kind: 'bundle', fields: Object.freeze(fields) }))
    } else if (item instanceof Aliased) {
      nodes.push(item.node)
      shape.push(valueShape(item.expression.type))
    } else {
      nodes.push(item.node)
      shape.push(valueShape(item.type))
    }
  }
  return { nodes: Object.freeze(nodes), shape: Object.freeze(shape) }
}

function valueShape(type: import('../schema/column-type.js').ColumnType | undefined) {
  return Object.freeze(type ? { kind: 'value' as const, type } : { kind: 'value' as const })
}

/** The relation qualifiers the select items read directly (entities and bare columns). */
export function qualifiersOf(items: readonly SelectItem[]): { name: string; what: string }[] {
  const out: { name: string; what: string }[] = []
  const add = (node: { kind: string; table?: string; name?: string }) => {
    if (node.kind === 'Column' && node.table)
      out.push({ name: node.table, what: `${node.table}.${node.name}` })
  }
  for (const item of items) {
    if (isRelation(item)) out.push({ name: item.$name, what: item.$name })
    else if (item instanceof Bundle) for (const e of Object.values(item.fields)) add(e.node)
    else if (item instanceof Aliased) add(item.expression.node)
    else add(item.node)
  }
  return out
}
