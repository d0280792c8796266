import { longLived } from '../ast/long-lived.js'
import type { ColumnNode, ExprNode, TableRefNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Aliased, Expression } from '../expressions/expression.js'
import type { ColumnBuilder } from './column.js'
import type { CheckDef, ColumnDef, ForeignKeyDef, IndexDef, TableDef } from './table-def.js'

/**
 * A column of a table as used in statements: an expression qualified by the table's name
 * or alias. `TTable` is that name or alias, so the type system can tell which columns an
 * outer join makes nullable; `TProperty` is the property the column is reached by, which
 * names it in subqueries, CTEs and views made from a select.
 *
 * @example
 * select(users.id).where(eq(users.email, 'a@b.c'))
 */
export class Column<
  TTable extends string = string,
  TData = unknown,
  TNotNull extends boolean = boolean,
  THasDefault extends boolean = boolean,
  TProperty extends string = string,
> extends Expression<TNotNull extends true ? TData : TData | null> {
  declare readonly __table: TTable
  declare readonly __data: TData
  declare readonly __hasDefault: THasDefault
  declare readonly __property: TProperty
  declare readonly node: ColumnNode

  constructor(
    /** The name or alias that qualifies the column in SQL. */
    readonly table: TTable,
    readonly def: ColumnDef,
    /** The property of its relation this column is (its SQL name is `def.name`). */
    readonly property: TProperty,
  ) {
    super(longLived(Object.freeze({ kind: 'Column', table, name: def.name })), def.type)
  }

  /**
   * Labels the column in a select list. The label keeps the column's table, so an outer
   * join makes it nullable like the bare column.
   *
   * @example
   * select(users, posts.title.as('t')).leftJoin(posts, eq(posts.userId, users.id)) // t: string | null
   */
  override as<A extends string>(
    alias: A,
  ): Aliased<TNotNull extends true ? TData : TData | null, A, TTable> {
    return new Aliased(this, alias)
  }
}

type AnyBuilder = ColumnBuilder<any, boolean, boolean>
export type ColumnBuilders = Record<string, AnyBuilder>

type BuilderData<B> = B extends ColumnBuilder<infer D, any, any> ? D : never
type BuilderNotNull<B> = B extends ColumnBuilder<any, infer N, any> ? N : never
type BuilderHasDefault<B> = B extends ColumnBuilder<any, any, infer H> ? H : never

/** The columns of a table (or alias) named `TName`, as statement expressions. */
export type ColumnsOf<TName extends string, TCols extends ColumnBuilders> = {
  readonly [K in keyof TCols]: Column<
    TName,
    BuilderData<TCols[K]>,
    BuilderNotNull<TCols[K]>,
    BuilderHasDefault<TCols[K]>,
    K & string
  >
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The row of a table as a plain object: NULL-able columns are `T | null`. */
export type RowOf<TCols extends ColumnBuilders> = Simplify<{
  -readonly [K in keyof TCols]: BuilderNotNull<TCols[K]> extends true
    ? BuilderData<TCols[K]>
    : BuilderData<TCols[K]> | null
}>

type RequiredInsertKeys<TCols extends ColumnBuilders> = {
  [K in keyof TCols]: BuilderNotNull<TCols[K]> extends true
    ? BuilderHasDefault<TCols[K]> extends true
      ? never
      : K
    : never
}[keyof TCols]

/** What an insert takes: NOT NULL columns without a default are required, the rest optional. */
export type InsertOf<TCols extends ColumnBuilders> = Simplify<
  { -readonly [K in RequiredInsertKeys<TCols>]: BuilderData<TCols[K]> } & {
    -readonly [K in Exclude<keyof TCols, RequiredInsertKeys<TCols>>]?: BuilderNotNull<
      TCols[K]
    > extends true
      ? BuilderData<TCols[K]>
      : BuilderData<TCols[K]> | null
  }
>

/**
 * What every table, alias and view object carries besides its columns. The `$` prefix keeps
 * these apart from column names (a column may not start with `$`).
 */
export interface RelationBase<TName extends string, TCols extends ColumnBuilders, TRow> {
  /** The name (or alias) that qualifies this relation's columns. */
  readonly $name: TName
  readonly $def: import('./table-def.js').RelationDef
  readonly $columns: ColumnsOf<TName, TCols>
  /** The FROM item: table name plus alias when aliased. */
  readonly $ref: TableRefNode
  /** The class whose instances rows become, when one is registered with `mapTo`. */
  readonly $class?: abstract new (
    ...args: any[]
  ) => TRow
  /** Phantom: the mapped row type. */
  readonly $row: TRow
  /** Phantom: the column builders, for insert and update types. */
  readonly $builders: TCols
}

/**
 * A table: its columns as properties, plus `$`-prefixed metadata.
 *
 * @example
 * const users = table('users', { id: integer().primaryKey(), email: varchar(255).notNull() })
 * users.email // Column<'users', string, true, false, 'email'>
 */
export type Table<
  TName extends string = string,
  TCols extends ColumnBuilders = ColumnBuilders,
  TRow = RowOf<TCols>,
> = RelationBase<TName, TCols, TRow> & ColumnsOf<TName, TCols>

export type AnyTable = Table<string, ColumnBuilders, any>

/** Table-level constraints, given the table's columns. */
export interface TableExtras {
  readonly primaryKey?: readonly Column[]
  readonly indexes?: readonly { name: string; columns: readonly Column[]; unique?: boolean }[]
  readonly checks?: readonly { name: string; expr: { readonly node: ExprNode } }[]
  readonly foreignKeys?: readonly {
    columns: readonly Column[]
    references: () => readonly Column[]
    onDelete?: ForeignKeyDef['onDelete']
    onUpdate?: ForeignKeyDef['onUpdate']
  }[]
}

function buildColumnDefs(name: string, columns: ColumnBuilders): Record<string, ColumnDef> {
  // No prototype: a column property named `__proto__` must be a column, not a prototype change.
  const byProperty: Record<string, ColumnDef> = Object.create(null)
  for (const [property, builder] of Object.entries(columns)) {
    if (property.startsWith('$')) {
      throw new CompileError(
        `Column property "${property}" of table "${name}" starts with "$", which nakedsql reserves for table metadata. Rename the property and keep the database name with .named("${property}").`,
      )
    }
    const c = builder.config
    byProperty[property] = Object.freeze({
      name: c.name ?? property,
      type: longLived(Object.freeze(c.type)),
      notNull: c.notNull,
      primaryKey: c.primaryKey,
      autoIncrement: c.autoIncrement,
      unique: c.unique,
      ...(c.default ? { default: c.default } : {}),
    })
  }
  return byProperty
}

/** Attaches the column objects and `$` metadata to one relation under the name `qualifier`. */
export function makeRelation<TName extends string, TCols extends ColumnBuilders, TRow>(
  def: import('./table-def.js').RelationDef,
  qualifier: TName,
  ref: TableRefNode,
  entityClass?: abstract new (...args: any[]) => TRow,
): Table<TName, TCols, TRow> {
  const columns: Record<string, Column> = Object.create(null)
  for (const [property, colDef] of Object.entries(def.byProperty)) {
    columns[property] = new Column(qualifier, colDef, property)
  }
  const relation = {
    ...columns,
    $name: qualifier,
    $def: def,
    $columns: Object.freeze({ ...columns }),
    $ref: longLived(Object.freeze(ref)),
    ...(entityClass ? { $class: entityClass } : {}),
  }
  return Object.freeze(relation) as unknown as Table<TName, TCols, TRow>
}

/**
 * Declares a table. Columns are properties; the optional third argument adds composite keys,
 * indexes, checks and multi-column foreign keys.
 *
 * @example
 * const books = table('books', {
 *   id: integer().primaryKey().autoIncrement(),
 *   title: text().notNull(),
 *   authorId: integer().notNull().references(() => authors.id),
 * }, (t) => ({ indexes: [{ name: 'books_title', columns: [t.title] }] }))
 */
export function table<TName extends string, TCols extends ColumnBuilders>(
  name: TName,
  columns: TCols,
  extras?: (columns: ColumnsOf<TName, TCols>) => TableExtras,
): Table<TName, TCols> {
  const byProperty = buildColumnDefs(name, columns)
  const defs = Object.values(byProperty)
  const unqualified = Object.fromEntries(
    Object.entries(byProperty).map(([p, d]) => [p, new Column('' as TName, d, p)]),
  ) as unknown as ColumnsOf<TName, TCols>
  for (const c of Object.values(unqualified) as Column[]) {
    // Constraint expressions in DDL refer to columns without a table qualifier.
    ;(c as { node: ColumnNode }).node = Object.freeze({ kind: 'Column', name: c.def.name })
  }
  const x = extras?.(unqualified) ?? {}

  const primaryKey = x.primaryKey
    ? x.primaryKey.map((c) => c.def.name)
    : defs.filter((d) => d.primaryKey).map((d) => d.name)

  const foreignKeys: ForeignKeyDef[] = []
  for (const [property, builder] of Object.entries(columns)) {
    const ref = builder.config.references
    if (!ref) continue
    const colName = byProperty[property]!.name
    foreignKeys.push({
      columns: [colName],
      references: () => {
        const t = ref.target()
        return { table: t.table, columns: [t.def.name] }
      },
      ...(ref.onDelete ? { onDelete: ref.onDelete } : {}),
      ...(ref.onUpdate ? { onUpdate: ref.onUpdate } : {}),
    })
  }
  for (const fk of x.foreignKeys ?? []) {
    foreignKeys.push({
      columns: fk.columns.map((c) => c.def.name),
      references: () => {
        const cols = fk.references()
        return { table: cols[0]!.table, columns: cols.map((c) => c.def.name) }
      },
      ...(fk.onDelete ? { onDelete: fk.onDelete } : {}),
      ...(fk.onUpdate ? { onUpdate: fk.onUpdate } : {}),
    })
  }

  const indexes: IndexDef[] = (x.indexes ?? []).map((i) => ({
    name: i.name,
    columns: i.columns.map((c) => c.def.name),
    unique: i.unique ?? false,
  }))
  const checks: CheckDef[] = (x.checks ?? []).map((c) => ({ name: c.name, expr: c.expr.node }))

  const def: TableDef = Object.freeze({
    kind: 'table',
    name,
    columns: defs,
    primaryKey,
    foreignKeys,
    indexes,
    checks,
    byProperty,
  })
  return makeRelation<TName, TCols, RowOf<TCols>>(def, name, { kind: 'TableRef', name })
}

/**
 * The same table under another name in one statement, for self-joins.
 *
 * @example
 * const manager = alias(employees, 'manager')
 * select(employees, manager).from(employees).leftJoin(manager, eq(employees.managerId, manager.id))
 */
export function alias<TCols extends ColumnBuilders, TRow, A extends string>(
  relation: Table<string, TCols, TRow>,
  name: A,
): Table<A, TCols, TRow> {
  return makeRelation<A, TCols, TRow>(
    relation.$def,
    name,
    { kind: 'TableRef', name: relation.$def.name, alias: name },
    relation.$class,
  )
}

/**
 * Registers a class for a table's rows: selecting the returned table yields instances of
 * `cls`, made without calling its constructor, so methods and getters work.
 *
 * @example
 * class User { id!: number; email!: string; get domain() { return this.email.split('@')[1] } }
 * const Users = mapTo(users, User)
 * const u = await session.scalars(select(Users)).one() // u instanceof User
 */
export function mapTo<TName extends string, TCols extends ColumnBuilders, C>(
  relation: Table<TName, TCols, any>,
  cls: abstract new (...args: any[]) => C,
): Table<TName, TCols, C> {
  return makeRelation<TName, TCols, C>(relation.$def, relation.$name, relation.$ref, cls)
}
