import type { TableRefNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { AnyTable } from '../schema/table.js'
import type { ColumnDef } from '../schema/table-def.js'

/** Checks that `t` is a table (not a view or subquery) and returns its FROM reference. */
export function targetRef(t: AnyTable, fn: string): TableRefNode {
  if (
    typeof t !== 'object' ||
    t === null ||
    !('$def' in t) ||
    t.$def?.kind !== 'table' ||
    t.$ref?.kind !== 'TableRef'
  ) {
    throw new CompileError(
      `${fn}() takes a table made by table() or alias(); views and subqueries cannot be written to.`,
    )
  }
  return t.$ref
}

/** The column definition of `property` on `t`, or a CompileError listing the known properties. */
export function columnOf(t: AnyTable, property: string, fn: string): ColumnDef {
  const def = Object.hasOwn(t.$def.byProperty, property) ? t.$def.byProperty[property] : undefined
  if (!def) {
    throw new CompileError(
      `${fn}: "${property}" is not a column of table "${t.$def.name}". Known columns: ${Object.keys(t.$def.byProperty).join(', ')}.`,
    )
  }
  return def
}

/**
 * `column "table.property"` for each property of a table, for error messages: made once per
 * table rather than for every value of every row built.
 */
const COLUMN_LABELS = new WeakMap<object, Map<string, string>>()

export function columnLabel(t: AnyTable, property: string): string {
  let labels = COLUMN_LABELS.get(t)
  if (labels === undefined) {
    labels = new Map()
    COLUMN_LABELS.set(t, labels)
  }
  let label = labels.get(property)
  if (label === undefined) {
    label = `column "${t.$def.name}.${property}"`
    labels.set(property, label)
  }
  return label
}
