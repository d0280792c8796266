import { isLongLived } from '../ast/long-lived.js'
import type { CteNode, DeleteNode, ExprNode } from '../ast/nodes.js'
import type { Condition } from '../expressions/operators.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnBuilders, Table } from '../schema/table.js'
import {
  DELETE,
  exprKey,
  itemsKey,
  type Keyed,
  keyStep,
  NO_KEY_VALUES,
  RETURNING,
  rootKey,
  UNKEYED,
  WHERE,
} from './build-key.js'
import { targetRef } from './dml.js'
import { cteNodes } from './insert.js'
import type { AnyRelation, RowOfItems, SelectItem } from './items.js'
import { withNode } from './query.js'
import { returningList } from './returning.js'
import { Statement } from './statement.js'
import { andWhere } from './where.js'

/** Every field is always present (undefined when unset), so every state has one layout. */
/** With its builder-made compile-cache key (statements/build-key.ts). */
interface DeleteState extends Keyed {
  readonly table: Table<string, ColumnBuilders, unknown>
  readonly where: ExprNode | undefined
  readonly returning: readonly SelectItem[] | undefined
  readonly ctes: readonly CteNode[]
}

/**
 * A delete statement. Without `returning` it returns no rows (`[]`).
 *
 * @example deleteFrom(sessions).where(lt(sessions.expiresAt, new Date()))
 */
export class Delete<
  TName extends string,
  TCols extends ColumnBuilders,
  TItems extends readonly SelectItem[] = [],
> extends Statement<RowOfItems<TItems, never>> {
  #built: { node: DeleteNode; shape: ResultShape | undefined } | undefined

  /** Private and never written after construction, so not frozen: see ARCHITECTURE.md. */
  readonly #state: DeleteState

  /** @internal */
  constructor(state: DeleteState) {
    super()
    this.#state = state
  }

  /** A step that passes no key leaves the statement to the executor's tree walk. */
  #next<I extends readonly SelectItem[] = TItems>(
    patch: Partial<DeleteState>,
    keyed: Keyed = UNKEYED,
  ): Delete<TName, TCols, I> {
    const s = this.#state
    // Written out, not spread: a statement built per call pays for this on every builder call.
    return new Delete<TName, TCols, I>({
      table: s.table,
      where: patch.where ?? s.where,
      returning: patch.returning ?? s.returning,
      ctes: patch.ctes ?? s.ctes,
      key: keyed.key,
      keyValues: keyed.keyValues,
    })
  }

  /** Which rows to delete; combined with `and` when called again. @example .where(eq(users.id, 1)) */
  where(condition: Condition | undefined): Delete<TName, TCols, TItems> {
    if (condition === undefined) return this
    return this.#next(
      { where: andWhere(this.#state.where, condition) },
      keyStep(this.#state, (key, values) => exprKey(key.step(WHERE), condition.node, values)),
    )
  }

  /** Returns columns of the deleted rows. @example deleteFrom(users).where(eq(users.id, 1)).returning(users.email) */
  returning<const I extends readonly SelectItem[]>(...items: I): Delete<TName, TCols, I> {
    returningList(items, [this.#state.table.$name], 'delete')
    return this.#next<I>(
      { returning: [...items] },
      keyStep(this.#state, (key, values) => itemsKey(key.step(RETURNING), items, values)),
    )
  }

  /** Puts CTEs in the statement's WITH clause. @example deleteFrom(t).where(inList(t.id, select(c.id).from(c))).with(c) */
  with(...ctes: AnyRelation[]): Delete<TName, TCols, TItems> {
    return this.#next({ ctes: [...this.#state.ctes, ...cteNodes(ctes)] })
  }

  #build() {
    if (this.#built) return this.#built
    const s = this.#state
    const ret = s.returning ? returningList(s.returning, [s.table.$name], 'delete') : undefined
    const w = withNode(s.ctes)
    const node: DeleteNode = {
      kind: 'Delete',
      ...(w ? { with: w } : {}),
      table: targetRef(s.table, 'deleteFrom'),
      ...(s.where ? { where: s.where } : {}),
      ...(ret ? { returning: ret.nodes } : {}),
    }
    this.#built = { node, shape: ret?.shape }
    return this.#built
  }

  toNode(): DeleteNode {
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
 * Starts a delete from `table`. Without `where` every row is deleted.
 *
 * @example await session.execute(deleteFrom(users).where(eq(users.id, 1)))
 */
export function deleteFrom<TName extends string, TCols extends ColumnBuilders, TRow>(
  table: Table<TName, TCols, TRow>,
): Delete<TName, TCols> {
  targetRef(table, 'deleteFrom')
  return new Delete<TName, TCols>({
    table: table as Table<string, ColumnBuilders, unknown>,
    where: undefined,
    returning: undefined,
    ctes: [],
    key: isLongLived(table.$ref) ? rootKey().step(DELETE).step(table) : undefined,
    keyValues: NO_KEY_VALUES,
  })
}
