import type { ExprNode, QueryNode } from '../ast/nodes.js'
import type { ColumnType } from './column-type.js'

/*
 * The runtime description of a table, as data. The typed `table()` object wraps one of these;
 * DDL, the compilers and the result mappers read only this.
 */

export type ReferentialAction = 'cascade' | 'restrict' | 'set null' | 'set default' | 'no action'

/** How a column gets a value when an insert leaves it out. */
export type ColumnDefault =
  /** A constant, written into the DDL. */
  | { readonly kind: 'value'; readonly value: unknown }
  /** A SQL expression evaluated by the database, such as the current timestamp. */
  | { readonly kind: 'sql'; readonly expr: ExprNode }
  /** A JavaScript function called for each inserted row, such as a random UUID. */
  | { readonly kind: 'fn'; readonly fn: () => unknown }

/** A foreign key: the referenced table and column, and its ON DELETE / ON UPDATE actions. */
export interface ForeignKeyDef {
  readonly columns: readonly string[]
  /** Resolved lazily so two tables may reference each other. */
  readonly references: () => { readonly table: string; readonly columns: readonly string[] }
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
}

/** A column as the compiler and codecs see it: SQL name, type, constraints and default. */
export interface ColumnDef {
  /** The column's name in the database. */
  readonly name: string
  readonly type: ColumnType
  readonly notNull: boolean
  readonly primaryKey: boolean
  readonly autoIncrement: boolean
  readonly unique: boolean
  readonly default?: ColumnDefault
}

/** An index declared with the table. */
export interface IndexDef {
  readonly name: string
  readonly columns: readonly string[]
  readonly unique: boolean
}

/** A named CHECK constraint. */
export interface CheckDef {
  readonly name: string
  readonly expr: ExprNode
}

/** A table as `table()` declared it: what CREATE TABLE and the statements are made from. */
export interface TableDef {
  readonly kind: 'table'
  readonly name: string
  /** In declaration order; the order of columns in `select(table)`. */
  readonly columns: readonly ColumnDef[]
  readonly primaryKey: readonly string[]
  readonly foreignKeys: readonly ForeignKeyDef[]
  readonly indexes: readonly IndexDef[]
  readonly checks: readonly CheckDef[]
  /** Property name in the table object -> column definition. */
  readonly byProperty: Readonly<Record<string, ColumnDef>>
}

/** A view as `view()` declared it. */
export interface ViewDef {
  readonly kind: 'view'
  readonly name: string
  readonly columns: readonly ColumnDef[]
  readonly primaryKey: readonly string[]
  readonly query: QueryNode
  /** Tables and views the view reads, for ordering DDL. */
  readonly dependsOn: readonly string[]
  readonly byProperty: Readonly<Record<string, ColumnDef>>
}

/** What a relation is defined by: a table or a view. */
export type RelationDef = TableDef | ViewDef
