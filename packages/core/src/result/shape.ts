import type { ColumnType } from '../schema/column-type.js'
import type { ColumnDef } from '../schema/table-def.js'

/*
 * What a statement's rows look like, decided when the statement is built. The select list
 * (or returning list) is flat SQL columns; the shape says how consecutive columns group
 * into the values of one result tuple. The result mapper is built from a shape once and
 * reused for every row.
 */

/** A whole table row: `columns.length` consecutive SQL columns become one object. */
export interface EntityShape {
  readonly kind: 'entity'
  /** Property name and definition of each column, in select-list order. */
  readonly columns: readonly (readonly [property: string, def: ColumnDef])[]
  /** Indexes into `columns` of the primary key; all NULL means "no row" (outer joins). */
  readonly primaryKey: readonly number[]
  /** The class registered with `mapTo`, whose instances rows become. */
  readonly cls?: abstract new (
    ...args: any[]
  ) => unknown
  /**
   * True when the entity is on the nullable side of an outer join: a row whose primary key
   * columns are all NULL (all columns, when there is no primary key) maps to `null`.
   */
  readonly nullable?: boolean
}

/** One SQL column becomes one value; `type` picks the codec, none means "as the driver gave it". */
export interface ValueShape {
  readonly kind: 'value'
  readonly type?: ColumnType
}

/** Consecutive columns become one nested object (a "bundle" of labelled columns). */
export interface BundleShape {
  readonly kind: 'bundle'
  readonly fields: readonly (readonly [name: string, shape: ValueShape])[]
}

export type ItemShape = EntityShape | ValueShape | BundleShape

/** Each item is one element of the result tuple. */
export type ResultShape = readonly ItemShape[]
