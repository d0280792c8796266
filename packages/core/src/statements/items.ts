import { longLived } from '../ast/long-lived.js'
import type { ColumnNode, CteNode, FromItemNode, SelectItemNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Bundle, type BundleFields } from '../expressions/bundle.js'
import { Aliased, type Expression } from '../expressions/expression.js'
import { isExpressionLike } from '../expressions/operand.js'
import type { ItemShape, ResultShape, ValueShape } from '../result/shape.js'
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

/** Refuses a select or returning list item that is not a table, column, expression or bundle. */
export function checkItems(items: readonly unknown[], fn: string): void {
  for (let i = 0; i < items.length; i++) {
    const item = items[i]
    if (
      isRelation(item) ||
      item instanceof Bundle ||
      item instanceof Aliased ||
      isExpressionLike(item)
    ) {
      continue
    }
    throw new CompileError(
      `${fn} item ${i + 1} got ${item === null ? 'null' : typeof item}, which is not a table, column, expression, labelled expression or bundle. Wrap a plain value in sql\`\${value}\` to select it.`,
    )
  }
}

function freezeColumn(table: string, name: string): ColumnNode {
  return longLived(Object.freeze({ kind: 'Column', table, name }))
}

interface EntityList {
  readonly nodes: readonly ColumnNode[]
  /** The entity's shape, as it maps a NULL row: [not nullable, nullable]. */
  readonly shapes: readonly [ItemShape, ItemShape]
  /** The whole select list of this relation alone: [not nullable, nullable]. */
  readonly alone: readonly [SelectList, SelectList]
}

interface SelectList {
  readonly nodes: readonly SelectItemNode[]
  readonly shape: ResultShape
}

/**
 * A relation is immutable, so its column nodes and entity shape are made once. Statements
 * built per call then share them, and the session's plan cache sees the same shape again.
 */
const ENTITY_LISTS = new WeakMap<AnyRelation, EntityList>()

function entityList(relation: AnyRelation): EntityList {
  const hit = ENTITY_LISTS.get(relation)
  if (hit !== undefined) return hit
  const columns: (readonly [string, import('../schema/table-def.js').ColumnDef])[] = []
  const pk: number[] = []
  const nodes: ColumnNode[] = []
  for (const [property, column] of Object.entries(relation.$columns)) {
    if (relation.$def.primaryKey.includes(column.def.name)) pk.push(columns.length)
    columns.push(Object.freeze([property, column.def] as const))
    nodes.push(freezeColumn(relation.$name, column.def.name))
  }
  const shape = (nullable: boolean): ItemShape =>
    longLived(
      Object.freeze({
        kind: 'entity',
        columns: Object.freeze(columns),
        primaryKey: Object.freeze(pk),
        ...(relation.$class ? { cls: relation.$class } : {}),
        nullable,
      }),
    )
  const shapes = [shape(false), shape(true)] as const
  const frozenNodes = longLived(Object.freeze(nodes))
  const alone = (s: ItemShape): SelectList =>
    Object.freeze({ nodes: frozenNodes, shape: longLived(Object.freeze([s])) })
  const list: EntityList = Object.freeze({
    nodes: frozenNodes,
    shapes,
    alone: [alone(shapes[0]), alone(shapes[1])] as const,
  })
  ENTITY_LISTS.set(relation, list)
  return list
}

/** Select-list nodes and result shape of `items`; entities named in `nullable` map NULL rows to null. */
export function selectList(
  items: readonly SelectItem[],
  nullable: ReadonlySet<string>,
): { readonly nodes: readonly SelectItemNode[]; readonly shape: ResultShape } {
  if (items.length === 1 && isRelation(items[0])) {
    const only = items[0]
    return entityList(only).alone[nullable.has(only.$name) ? 1 : 0]
  }
  const nodes: SelectItemNode[] = []
  const shape: ItemShape[] = []
  for (const item of items) {
    if (isRelation(item)) {
      const list = entityList(item)
      for (const node of list.nodes) nodes.push(node)
      shape.push(list.shapes[nullable.has(item.$name) ? 1 : 0])
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

const UNTYPED_VALUE: ValueShape = longLived(Object.freeze({ kind: 'value' as const }))
/** One shape per type, shared by every statement that selects a value of it. */
const VALUE_SHAPES = new WeakMap<object, ValueShape>()

function valueShape(type: import('../schema/column-type.js').ColumnType | undefined): ValueShape {
  if (type === undefined) return UNTYPED_VALUE
  let shape = VALUE_SHAPES.get(type)
  if (shape === undefined) {
    shape = Object.freeze({ kind: 'value' as const, type })
    VALUE_SHAPES.set(type, shape)
  }
  return shape
}

/** The relation qualifiers the select items read directly (entities and bare columns). */
export function qualifiersOf(items: readonly SelectItem[]): { name: string; what: string }[] {
  const out: { name: string; what: string }[] = []
  for (const item of items) {
    if (isRelation(item)) out.push({ name: item.$name, what: item.$name })
    else if (item instanceof Bundle)
      for (const e of Object.values(item.fields)) addColumn(out, e.node)
    else if (item instanceof Aliased) addColumn(out, item.expression.node)
    else addColumn(out, item.node)
  }
  return out
}

function addColumn(
  out: { name: string; what: string }[],
  node: { kind: string; table?: string; name?: string },
): void {
  if (node.kind === 'Column' && node.table)
    out.push({ name: node.table, what: `${node.table}.${node.name}` })
}
