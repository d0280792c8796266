import { isLongLived } from '../ast/long-lived.js'
import type {
  CteNode,
  ExcludedNode,
  ExprNode,
  InsertNode,
  OnConflictNode,
  QueryNode,
  ValueNode,
} from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Bundle } from '../expressions/bundle.js'
import { Aliased, Expression } from '../expressions/expression.js'
import { operandNode, valueNode } from '../expressions/operand.js'
import type { Condition } from '../expressions/operators.js'
import type { ResultShape } from '../result/shape.js'
import type { Column, ColumnBuilders, InsertOf, RowOf, Table } from '../schema/table.js'
import type { ColumnDef } from '../schema/table-def.js'
import { itemsKey, type Keyed, keyStep, NO_KEY_VALUES, RETURNING, UNKEYED } from './build-key.js'
import { columnLabel, columnOf, targetRef } from './dml.js'
import { insertColumns } from './insert-columns.js'
import { type AnyRelation, isRelation, type RowOfItems, type SelectItem } from './items.js'
import { type AnyQuery, withNode } from './query.js'
import { returningList } from './returning.js'
import { Statement } from './statement.js'

/** One row for `insert().values()`: required columns must be given; any value may be an expression. */
export type InsertValues<TCols extends ColumnBuilders> = {
  [K in keyof InsertOf<TCols>]: InsertOf<TCols>[K] | Expression<unknown>
}

/** Column assignments for update and upsert: any subset of the columns, values or expressions. */
export type SetValues<TCols extends ColumnBuilders> = {
  [K in keyof RowOf<TCols>]?: RowOf<TCols>[K] | Expression<unknown>
}

/** Every field is always present (undefined when unset), so every state has one layout. */
/** With its builder-made compile-cache key (statements/build-key.ts). */
interface InsertState extends Keyed {
  readonly table: Table<string, ColumnBuilders, unknown>
  readonly columns: readonly string[] | undefined
  readonly rows: readonly (readonly ExprNode[])[] | undefined
  readonly select: QueryNode | undefined
  readonly onConflict: OnConflictNode | undefined
  readonly returning: readonly SelectItem[] | undefined
  readonly ctes: readonly CteNode[]
}

/** `column = value` pairs from a property -> value object, values typed by their column. */
export function assignments(
  t: Table<string, ColumnBuilders, unknown>,
  values: Readonly<Record<string, unknown>>,
  fn: string,
): readonly (readonly [string, ExprNode])[] {
  const out: (readonly [string, ExprNode])[] = []
  for (const [property, value] of Object.entries(values)) {
    if (value === undefined) continue
    const def = columnOf(t, property, fn)
    out.push([def.name, operandNode(value, def.type, columnLabel(t, property))] as const)
  }
  if (out.length === 0) throw new CompileError(`${fn} was given no column to set.`)
  return out
}

function targetColumns(
  t: Table<string, ColumnBuilders, unknown>,
  columns: readonly Column[],
  fn: string,
): string[] {
  const defs = new Set(Object.values(t.$def.byProperty))
  return columns.map((c) => {
    if (!defs.has(c.def)) {
      throw new CompileError(
        `${fn}: column "${c.def.name}" is not a column of table "${t.$def.name}".`,
      )
    }
    return c.def.name
  })
}

/** The value an omitted column takes, the same on every dialect (no DEFAULT keyword, which SQLite lacks in multi-row VALUES). */
function omitted(
  t: Table<string, ColumnBuilders, unknown>,
  property: string,
  def: ColumnDef,
  row: number,
): ExprNode {
  const where = columnLabel(t, property)
  const d = def.default
  if (d?.kind === 'fn') {
    const first = valueNode(d.fn(), def.type, `${where} (from its defaultFn)`)
    return { ...first, generate: d.fn }
  }
  if (d?.kind === 'value') return valueNode(d.value, def.type, `${where} (its default)`)
  if (d?.kind === 'sql') return d.expr
  if (!def.notNull) return valueNode(null, def.type, where)
  throw new CompileError(
    def.autoIncrement
      ? `insert into "${t.$def.name}": row ${row + 1} leaves out auto-increment column "${property}" while another row gives it. Give it in every row or in none.`
      : `insert into "${t.$def.name}": row ${row + 1} leaves out required column "${property}" (NOT NULL, no default).`,
  )
}

/**
 * An insert statement. Without `returning` it returns no rows (`[]`).
 *
 * @example
 * insert(users).values({ email: 'a@b.c' }).returning(users.id)
 */
export class Insert<
  TName extends string,
  TCols extends ColumnBuilders,
  TItems extends readonly SelectItem[] = [],
> extends Statement<RowOfItems<TItems, never>> {
  #built: { node: InsertNode; shape: ResultShape | undefined } | undefined

  /** Private and never written after construction, so not frozen: see ARCHITECTURE.md. */
  readonly #state: InsertState

  /** @internal */
  constructor(state: InsertState) {
    super()
    this.#state = state
  }

  /** A step that passes no `key` leaves the statement to the executor's tree walk. */
  #next<I extends readonly SelectItem[] = TItems>(
    patch: Partial<InsertState>,
    keyed: Keyed = UNKEYED,
  ): Insert<TName, TCols, I> {
    const s = this.#state
    // Written out, not spread: a statement built per call pays for this on every builder call.
    return new Insert<TName, TCols, I>({
      table: s.table,
      columns: patch.columns ?? s.columns,
      rows: patch.rows ?? s.rows,
      select: patch.select ?? s.select,
      onConflict: patch.onConflict ?? s.onConflict,
      returning: patch.returning ?? s.returning,
      ctes: patch.ctes ?? s.ctes,
      key: keyed.key,
      keyValues: keyed.keyValues,
    })
  }

  /**
   * The rows to insert, one object or an array. Keys are property names; a key left out (or
   * `undefined`) takes the column's JS `defaultFn`, its constant or SQL default, or NULL.
   * Every row produces the same column list, so one statement serves all rows.
   *
   * @example insert(users).values([{ email: 'a@b.c' }, { email: 'd@e.f', name: 'D' }])
   */
  values(rows: InsertValues<TCols> | readonly InsertValues<TCols>[]): Insert<TName, TCols, TItems> {
    const t = this.#state.table
    const list = (Array.isArray(rows) ? rows : [rows]) as readonly Record<string, unknown>[]
    if (list.length === 0)
      throw new CompileError(`insert into "${t.$def.name}": values() was given no rows.`)
    const byProperty = t.$def.byProperty
    for (let i = 0; i < list.length; i++) {
      const row = list[i]
      if (typeof row !== 'object' || row === null || Array.isArray(row) || isRelation(row)) {
        throw new CompileError(
          `insert into "${t.$def.name}": row ${i + 1} is not an object of column values.`,
        )
      }
      for (const k in row) {
        if (!Object.hasOwn(row, k)) continue
        // The error's wording is built only for a name that is not a column.
        if (!Object.hasOwn(byProperty, k))
          columnOf(t, k, `insert into "${t.$def.name}" row ${i + 1}`)
      }
    }
    const set = insertColumns(t, list)
    const columns = set.entries
    const labels = set.labels
    const s = this.#state
    // Keyed when every value is a plain one of its column's type: the SQL then depends only on
    // the table, the columns and the row count, whatever the values.
    let plain = s.onConflict === undefined && s.returning === undefined && s.ctes.length === 0
    const values: ValueNode[] = []
    const nodes: (readonly ExprNode[])[] = new Array(list.length)
    for (let i = 0; i < list.length; i++) {
      const row = list[i]!
      const rowNodes: ExprNode[] = new Array(columns.length)
      for (let c = 0; c < columns.length; c++) {
        const [p, def] = columns[c]!
        // Own properties only: a row without a `constructor` column value leaves it out.
        const v = Object.hasOwn(row, p) ? row[p] : undefined
        const node = v === undefined ? omitted(t, p, def, i) : operandNode(v, def.type, labels[c]!)
        if (plain) {
          plain = node.kind === 'Value' && node.type === def.type && node.generate === undefined
          values.push(node as ValueNode)
        }
        rowNodes[c] = node
      }
      nodes[i] = rowNodes
    }
    const key = plain && isLongLived(t.$ref) ? set.key().step(list.length) : undefined
    return new Insert({
      table: s.table,
      columns: set.names,
      rows: nodes,
      select: undefined,
      onConflict: s.onConflict,
      returning: s.returning,
      ctes: s.ctes,
      key,
      keyValues: key === undefined ? NO_KEY_VALUES : values,
    })
  }

  /**
   * Inserts the rows of a select. Without `columns`, the select's items name the target
   * columns: entity columns and bare columns by column name, labelled expressions by property.
   *
   * @example
   * insert(archive).fromSelect(select(posts.id, posts.title).from(posts).where(lt(posts.createdAt, cutoff)))
   */
  fromSelect(query: AnyQuery, columns?: readonly Column[]): Insert<TName, TCols, TItems> {
    const t = this.#state.table
    const fn = `insert into "${t.$def.name}" fromSelect()`
    const names = columns ? targetColumns(t, columns, fn) : selectTargets(t, query.items, fn)
    const s = this.#state
    return new Insert({
      table: s.table,
      columns: names,
      rows: undefined,
      select: query.toNode(),
      onConflict: s.onConflict,
      returning: s.returning,
      ctes: s.ctes,
      key: undefined,
      keyValues: NO_KEY_VALUES,
    })
  }

  /**
   * `on conflict do nothing`: rows that violate a unique constraint are skipped. MySQL has no
   * conflict target and ignores `target`.
   *
   * @example insert(users).values(row).onConflictDoNothing([users.email])
   */
  onConflictDoNothing(target: readonly Column[] = []): Insert<TName, TCols, TItems> {
    const t = this.#state.table
    const names = targetColumns(t, target, 'onConflictDoNothing()')
    return this.#next({
      onConflict: { kind: 'OnConflict', target: names, action: 'nothing' },
    })
  }

  /**
   * Upsert: on a conflict on `target`, update the existing row. `excluded(column)` is the
   * value that was proposed for insertion.
   *
   * @example
   * insert(users).values(row).onConflictDoUpdate({ target: [users.email], set: { name: excluded(users.name) } })
   */
  onConflictDoUpdate(options: {
    readonly target: readonly Column[]
    readonly set: SetValues<TCols>
    readonly where?: Condition
  }): Insert<TName, TCols, TItems> {
    const t = this.#state.table
    if (!options.target || options.target.length === 0) {
      throw new CompileError(
        'onConflictDoUpdate() needs a target: the columns of a unique constraint, e.g. [users.email].',
      )
    }
    const node: OnConflictNode = {
      kind: 'OnConflict',
      target: targetColumns(t, options.target, 'onConflictDoUpdate()'),
      action: {
        set: assignments(t, options.set as Record<string, unknown>, 'onConflictDoUpdate() set'),
      },
      ...(options.where ? { where: options.where.node } : {}),
    }
    return this.#next({ onConflict: node })
  }

  /**
   * Returns columns of the inserted rows, with the same item kinds as `select`.
   *
   * @example const [user] = await session.scalars(insert(users).values(row).returning(users)).all()
   */
  returning<const I extends readonly SelectItem[]>(...items: I): Insert<TName, TCols, I> {
    returningList(items, [this.#state.table.$name], 'insert')
    return this.#next<I>(
      { returning: [...items] },
      keyStep(this.#state, (key, values) => itemsKey(key.step(RETURNING), items, values)),
    )
  }

  /** Puts CTEs in the statement's WITH clause. @example insert(t).fromSelect(select(c.id).from(c)).with(c) */
  with(...ctes: AnyRelation[]): Insert<TName, TCols, TItems> {
    return this.#next({ ctes: [...this.#state.ctes, ...cteNodes(ctes)] })
  }

  #build() {
    if (this.#built) return this.#built
    const s = this.#state
    if (!s.rows && !s.select) {
      throw new CompileError(
        `insert into "${s.table.$def.name}" has no rows. Call .values(...) or .fromSelect(...).`,
      )
    }
    const ret = s.returning ? returningList(s.returning, [s.table.$name], 'insert') : undefined
    const w = withNode(s.ctes)
    const node: InsertNode = {
      kind: 'Insert',
      ...(w ? { with: w } : {}),
      table: targetRef(s.table, 'insert'),
      columns: s.columns ?? [],
      ...(s.rows ? { rows: s.rows } : {}),
      ...(s.select ? { select: s.select } : {}),
      ...(s.onConflict ? { onConflict: s.onConflict } : {}),
      ...(ret ? { returning: ret.nodes } : {}),
    }
    this.#built = { node, shape: ret?.shape }
    return this.#built
  }

  toNode(): InsertNode {
    return this.#build().node
  }

  protected override get keyed(): Keyed {
    return this.#state
  }

  get shape(): ResultShape | undefined {
    return this.#build().shape
  }
}

/** The CTE definitions carried by relations made with `cte()`. */
export function cteNodes(ctes: readonly AnyRelation[]): CteNode[] {
  return ctes.flatMap((c) => {
    if (!c?.$cte)
      throw new CompileError(`with() takes relations made by cte(); "${c?.$name}" is not one.`)
    return c.$cte
  })
}

function selectTargets(
  t: Table<string, ColumnBuilders, unknown>,
  items: readonly SelectItem[],
  fn: string,
): string[] {
  const byName = new Map(Object.values(t.$def.byProperty).map((d) => [d.name, d]))
  const resolve = (name: string): string => {
    const def = Object.hasOwn(t.$def.byProperty, name) ? t.$def.byProperty[name] : byName.get(name)
    if (!def) {
      throw new CompileError(
        `${fn}: the select yields "${name}", which is not a column of "${t.$def.name}". Label it with .as('property') or pass the target columns: fromSelect(query, [${t.$def.name}.a, ...]).`,
      )
    }
    return def.name
  }
  return items.flatMap((item): string[] => {
    if (isRelation(item)) return Object.values(item.$columns).map((c) => resolve(c.def.name))
    if (item instanceof Bundle) return Object.keys(item.fields).map(resolve)
    if (item instanceof Aliased) return [resolve(item.alias)]
    if (item instanceof Expression && item.node.kind === 'Column') return [resolve(item.node.name)]
    throw new CompileError(
      `${fn}: an unlabelled expression has no target column. Label it with .as('property') or pass the target columns.`,
    )
  })
}

/**
 * Starts an insert into `table`.
 *
 * @example await session.execute(insert(users).values({ email: 'a@b.c', name: 'A' }))
 */
export function insert<TName extends string, TCols extends ColumnBuilders, TRow>(
  table: Table<TName, TCols, TRow>,
): Insert<TName, TCols> {
  targetRef(table, 'insert')
  return new Insert<TName, TCols>({
    table: table as Table<string, ColumnBuilders, unknown>,
    columns: undefined,
    rows: undefined,
    select: undefined,
    onConflict: undefined,
    returning: undefined,
    ctes: [],
    key: undefined,
    keyValues: NO_KEY_VALUES,
  })
}

/**
 * In `onConflictDoUpdate`, the value that was proposed for insertion into `column`.
 *
 * @example .onConflictDoUpdate({ target: [counters.key], set: { n: add(counters.n, excluded(counters.n)) } })
 */
export function excluded<T>(
  column: Column<string, any, boolean, boolean> & Expression<T>,
): Expression<T> {
  const node: ExcludedNode = { kind: 'Excluded', column: column.def.name }
  return new Expression<T>(Object.freeze(node), column.def.type)
}
