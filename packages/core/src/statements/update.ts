import { isLongLived } from '../ast/long-lived.js'
import type { CteNode, ExprNode, FromItemNode, UpdateNode, ValueNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { Condition } from '../expressions/operators.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnBuilders, Table } from '../schema/table.js'
import {
  type BuildKey,
  exprKey,
  itemsKey,
  type Keyed,
  keyStep,
  NO_KEY_VALUES,
  RETURNING,
  rootKey,
  SET,
  UNKEYED,
  UPDATE,
  WHERE,
} from './build-key.js'
import { targetRef } from './dml.js'
import { assignments, cteNodes, type SetValues } from './insert.js'
import { type AnyRelation, isRelation, type RowOfItems, type SelectItem } from './items.js'
import { withNode } from './query.js'
import { returningList } from './returning.js'
import { Statement } from './statement.js'
import { andWhere } from './where.js'

/** Every field is always present (undefined when unset), so every state has one layout. */
/** With its builder-made compile-cache key (statements/build-key.ts). */
interface UpdateState extends Keyed {
  readonly table: Table<string, ColumnBuilders, unknown>
  readonly set: readonly (readonly [string, ExprNode])[]
  readonly from: readonly AnyRelation[]
  readonly where: ExprNode | undefined
  readonly returning: readonly SelectItem[] | undefined
  readonly ctes: readonly CteNode[]
}

/**
 * An update statement. Without `returning` it returns no rows (`[]`).
 *
 * @example update(users).set({ name: 'B' }).where(eq(users.id, 1))
 */
export class Update<
  TName extends string,
  TCols extends ColumnBuilders,
  TItems extends readonly SelectItem[] = [],
> extends Statement<RowOfItems<TItems, never>> {
  #built: { node: UpdateNode; shape: ResultShape | undefined } | undefined

  /** Private and never written after construction, so not frozen: see ARCHITECTURE.md. */
  readonly #state: UpdateState

  /** @internal */
  constructor(state: UpdateState) {
    super()
    this.#state = state
  }

  /** A step that passes no `key` leaves the statement to the executor's tree walk. */
  #next<I extends readonly SelectItem[] = TItems>(
    patch: Partial<UpdateState>,
    keyed: Keyed = UNKEYED,
  ): Update<TName, TCols, I> {
    const s = this.#state
    // Written out, not spread: a statement built per call pays for this on every builder call.
    return new Update<TName, TCols, I>({
      table: s.table,
      set: patch.set ?? s.set,
      from: patch.from ?? s.from,
      where: patch.where ?? s.where,
      returning: patch.returning ?? s.returning,
      ctes: patch.ctes ?? s.ctes,
      key: keyed.key,
      keyValues: keyed.keyValues,
    })
  }

  /**
   * `#next` with the key of this step: `step` extends the key, appending the step's value
   * nodes, or returns undefined to leave the statement to the walk.
   */
  #keyed<I extends readonly SelectItem[] = TItems>(
    patch: Partial<UpdateState>,
    step: (key: BuildKey, values: ValueNode[]) => BuildKey | undefined,
  ): Update<TName, TCols, I> {
    return this.#next<I>(patch, keyStep(this.#state, step))
  }

  /**
   * Columns to set, by property name, to values or expressions. Called again, the
   * assignments are added (a later one for the same column wins).
   *
   * @example update(posts).set({ likes: add(posts.likes, 1), editedAt: currentTimestamp() })
   */
  set(values: SetValues<TCols>): Update<TName, TCols, TItems> {
    const t = this.#state.table
    const added = assignments(t, values as Record<string, unknown>, `update "${t.$def.name}" set()`)
    const before = this.#state.set
    // The steps name each assigned column, so the merge of a later set() is keyed too.
    const step = (key: BuildKey, values: ValueNode[]) => {
      let at: BuildKey | undefined = key.step(SET).step(added.length)
      for (const [name, node] of added) at = exprKey(at?.step(name), node, values)
      return at
    }
    if (before.length === 0) return this.#keyed({ set: added }, step)
    const names = new Set(added.map(([n]) => n))
    return this.#keyed({ set: [...before.filter(([n]) => !names.has(n)), ...added] }, step)
  }

  /**
   * Other relations the update reads (`update ... from` on PostgreSQL and SQLite, a joined
   * update on MySQL); relate them to the target in `where`.
   *
   * @example update(users).set({ plan: 'pro' }).from(orders).where(and(eq(orders.userId, users.id), gt(orders.total, 100)))
   */
  from(...relations: AnyRelation[]): Update<TName, TCols, TItems> {
    for (const r of relations) {
      if (!isRelation(r))
        throw new CompileError('update().from() takes tables, aliases, views, CTEs or subqueries.')
    }
    return this.#next({ from: [...this.#state.from, ...relations] })
  }

  /** Which rows to update; combined with `and` when called again. @example .where(eq(users.id, 1)) */
  where(condition: Condition | undefined): Update<TName, TCols, TItems> {
    if (condition === undefined) return this
    return this.#keyed({ where: andWhere(this.#state.where, condition) }, (key, values) =>
      exprKey(key.step(WHERE), condition.node, values),
    )
  }

  /**
   * Returns columns of the updated rows, with the same item kinds as `select`.
   *
   * @example update(users).set({ name: 'B' }).where(eq(users.id, 1)).returning(users)
   */
  returning<const I extends readonly SelectItem[]>(...items: I): Update<TName, TCols, I> {
    returningList(items, this.#scope(), 'update')
    return this.#keyed<I>({ returning: [...items] }, (key, values) =>
      itemsKey(key.step(RETURNING), items, values),
    )
  }

  /** Puts CTEs in the statement's WITH clause. @example update(t).set({...}).where(inList(t.id, select(c.id).from(c))).with(c) */
  with(...ctes: AnyRelation[]): Update<TName, TCols, TItems> {
    return this.#next({ ctes: [...this.#state.ctes, ...cteNodes(ctes)] })
  }

  #scope(): string[] {
    return [this.#state.table.$name, ...this.#state.from.map((r) => r.$name)]
  }

  #build() {
    if (this.#built) return this.#built
    const s = this.#state
    if (s.set.length === 0) {
      throw new CompileError(
        `update "${s.table.$def.name}" sets no column. Call .set({ column: value }).`,
      )
    }
    const ret = s.returning ? returningList(s.returning, this.#scope(), 'update') : undefined
    const w = withNode([...s.ctes, ...s.from.flatMap((r) => r.$cte ?? [])])
    const from: FromItemNode[] = s.from.map((r) => r.$ref)
    const node: UpdateNode = {
      kind: 'Update',
      ...(w ? { with: w } : {}),
      table: targetRef(s.table, 'update'),
      set: s.set,
      from,
      ...(s.where ? { where: s.where } : {}),
      ...(ret ? { returning: ret.nodes } : {}),
    }
    this.#built = { node, shape: ret?.shape }
    return this.#built
  }

  toNode(): UpdateNode {
    return this.#build().node
  }

  protected override get keyed(): Keyed {
    return this.#state
  }

  get shape(): ResultShape | undefined {
    return this.#build().shape
  }
}

/**
 * Starts an update of `table`.
 *
 * @example await session.execute(update(users).set({ name: 'B' }).where(eq(users.id, 1)))
 */
export function update<TName extends string, TCols extends ColumnBuilders, TRow>(
  table: Table<TName, TCols, TRow>,
): Update<TName, TCols> {
  targetRef(table, 'update')
  return new Update<TName, TCols>({
    table: table as Table<string, ColumnBuilders, unknown>,
    set: [],
    from: [],
    where: undefined,
    returning: undefined,
    ctes: [],
    key: isLongLived(table.$ref) ? rootKey().step(UPDATE).step(table) : undefined,
    keyValues: NO_KEY_VALUES,
  })
}
