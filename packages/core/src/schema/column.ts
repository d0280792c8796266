import type { ExprNode } from '../ast/nodes.js'
import type { Expression } from '../expressions/expression.js'
import type { ColumnType, JsTypeOf } from './column-type.js'
import type { ColumnDef, ColumnDefault, ReferentialAction } from './table-def.js'

/** What `references()` points at: a column of another table. */
export interface ReferenceTarget {
  readonly table: string
  readonly def: ColumnDef
}

export interface ReferenceConfig {
  readonly target: () => ReferenceTarget
  readonly onDelete?: ReferentialAction
  readonly onUpdate?: ReferentialAction
}

export interface ColumnConfig {
  readonly name?: string
  readonly type: ColumnType
  readonly notNull: boolean
  readonly primaryKey: boolean
  readonly autoIncrement: boolean
  readonly unique: boolean
  readonly default?: ColumnDefault
  readonly references?: ReferenceConfig
}

/**
 * An unbound column definition, as written inside `table()`. Each method returns a new
 * builder; the type parameters track the JavaScript type, whether the column is NOT NULL
 * and whether an insert may leave it out.
 *
 * @example
 * const email = varchar(255).notNull().unique()
 */
export class ColumnBuilder<
  TData,
  TNotNull extends boolean = false,
  THasDefault extends boolean = false,
> {
  declare readonly __data: TData
  declare readonly __notNull: TNotNull
  declare readonly __hasDefault: THasDefault

  constructor(readonly config: ColumnConfig) {}

  #with<N extends boolean, D extends boolean>(
    patch: Partial<ColumnConfig>,
  ): ColumnBuilder<TData, N, D> {
    return new ColumnBuilder<TData, N, D>({ ...this.config, ...patch })
  }

  /** Rejects NULL. @example text().notNull() */
  notNull(): ColumnBuilder<TData, true, THasDefault> {
    return this.#with({ notNull: true })
  }

  /** Makes this column (part of) the primary key; implies NOT NULL. @example integer().primaryKey() */
  primaryKey(): ColumnBuilder<TData, true, THasDefault> {
    return this.#with({ primaryKey: true, notNull: true })
  }

  /**
   * Lets the database number new rows (identity / auto-increment), so inserts may leave it out.
   *
   * @example id: integer().primaryKey().autoIncrement()
   */
  autoIncrement(): ColumnBuilder<TData, TNotNull, true> {
    return this.#with({ autoIncrement: true })
  }

  /** Adds a single-column unique constraint. @example varchar(255).unique() */
  unique(): ColumnBuilder<TData, TNotNull, THasDefault> {
    return this.#with({ unique: true })
  }

  /** A constant default, written into the DDL. @example boolean().notNull().default(false) */
  default(value: TData): ColumnBuilder<TData, TNotNull, true> {
    return this.#with({ default: { kind: 'value', value } })
  }

  /**
   * A default computed by the database.
   *
   * @example timestamp().notNull().defaultSql(currentTimestamp())
   */
  defaultSql(
    expr: Expression<unknown> | { readonly node: ExprNode },
  ): ColumnBuilder<TData, TNotNull, true> {
    return this.#with({ default: { kind: 'sql', expr: expr.node } })
  }

  /**
   * A default computed in JavaScript for every inserted row that leaves the column out.
   *
   * @example uuid().primaryKey().defaultFn(() => crypto.randomUUID())
   */
  defaultFn(fn: () => TData): ColumnBuilder<TData, TNotNull, true> {
    return this.#with({ default: { kind: 'fn', fn } })
  }

  /**
   * A foreign key to another table's column. The target is a function so that tables can
   * reference each other in either order.
   *
   * @example authorId: integer().notNull().references(() => authors.id, { onDelete: 'cascade' })
   */
  references(
    target: () => ReferenceTarget,
    actions: { onDelete?: ReferentialAction; onUpdate?: ReferentialAction } = {},
  ): ColumnBuilder<TData, TNotNull, THasDefault> {
    return this.#with({ references: { target, ...actions } })
  }

  /**
   * The column's name in the database when it differs from the property name.
   *
   * @example createdAt: timestamp().named('created_at')
   */
  named(name: string): ColumnBuilder<TData, TNotNull, THasDefault> {
    return this.#with({ name })
  }
}

function column<K extends ColumnType['kind'], T = JsTypeOf[K]>(
  type: ColumnType & { kind: K },
): ColumnBuilder<T> {
  return new ColumnBuilder<T>({
    type,
    notNull: false,
    primaryKey: false,
    autoIncrement: false,
    unique: false,
  })
}

/** 32-bit integer, a JavaScript `number`. @example id: integer().primaryKey() */
export const integer = () => column({ kind: 'integer' })
/** 64-bit integer, a JavaScript `bigint` on every database. @example views: bigint().notNull() */
export const bigint = () => column({ kind: 'bigint' })
/** Single-precision float, a `number`. @example score: real() */
export const real = () => column({ kind: 'real' })
/** Double-precision float, a `number`. @example lat: double() */
export const double = () => column({ kind: 'double' })
/**
 * Exact decimal, a decimal `string` so no digit is lost (stored as text on SQLite). With a
 * precision, values are rounded half away from zero to the scale (0 if left out), checked
 * against the precision and read back with exactly `scale` fraction digits (`'12.50'`) on
 * every database; `numeric()` reads back in shortest form (`'12.5'`).
 *
 * @example price: numeric(12, 2).notNull()
 */
export const numeric = (precision?: number, scale?: number) =>
  column({
    kind: 'numeric',
    ...(precision === undefined ? {} : { precision }),
    ...(scale === undefined ? {} : { scale }),
  })
/** A `boolean` on every database (never 0/1). @example active: boolean().notNull().default(true) */
export const boolean = () => column({ kind: 'boolean' })
/** Unbounded text. @example bio: text() */
export const text = () => column({ kind: 'text' })
/** Text of at most `length` characters. @example email: varchar(255).notNull() */
export const varchar = (length: number) => column({ kind: 'varchar', length })
/** A UUID, always returned as a lowercase string. @example id: uuid().primaryKey().defaultFn(() => crypto.randomUUID()) */
export const uuid = () => column({ kind: 'uuid' })
/** A calendar date as a `YYYY-MM-DD` string, free of time zones. @example born: date() */
export const date = () => column({ kind: 'date' })
/** A time of day as an `HH:MM:SS[.fff]` string. @example opens: time() */
export const time = () => column({ kind: 'time' })
/**
 * A point in time as a `Date`. Without a time zone the database stores the UTC wall clock;
 * `{ withTimeZone: true }` uses the database's zone-aware type where it has one.
 *
 * @example createdAt: timestamp({ withTimeZone: true }).notNull()
 */
export const timestamp = (options: { withTimeZone?: boolean } = {}) =>
  column({ kind: 'timestamp', withTimeZone: options.withTimeZone ?? false })
/**
 * JSON, parsed on read and serialised on write; `T` types the parsed value.
 *
 * @example meta: json<{ tags: string[] }>()
 */
export const json = <T = unknown>() => column<'json', T>({ kind: 'json' })
/** Bytes, a `Uint8Array` on every database. @example avatar: blob() */
export const blob = () => column({ kind: 'blob' })
/**
 * One of a fixed set of strings (a native enum on PostgreSQL, ENUM on MySQL, a checked text
 * column on SQLite).
 *
 * @example status: enumOf('loan_status', ['open', 'returned']).notNull()
 */
export const enumOf = <const V extends readonly [string, ...string[]]>(name: string, values: V) =>
  column<'enum', V[number]>({ kind: 'enum', name, values })
