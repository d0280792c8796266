import { longLived } from '../ast/long-lived.js'
import type {
  CteNode,
  ExprNode,
  OrderByNode,
  QueryNode,
  SetOperationNode,
  SetOperator,
  WithNode,
} from '../ast/nodes.js'
import { ROW_COUNT_TYPE } from '../codecs/integers.js'
import { CompileError } from '../errors/compile-error.js'
import { Expression, type OrderBy } from '../expressions/expression.js'
import { orderByNode } from '../expressions/window.js'
import type { ResultShape } from '../result/shape.js'
import type { ViewDef } from '../schema/table-def.js'
import {
  type Derived,
  type DerivedColumns,
  deriveColumns,
  makeDerived,
  tablesRead,
} from './derived.js'
import type { RowOfItems, SelectItem } from './items.js'
import type { Param } from './param.js'
import { Statement } from './statement.js'

/*
 * What selects and set operations share: they are queries, so they can be combined with
 * union/intersect/except, used as a table (`as`) or as a value (`scalar`), and named in WITH.
 */

/** A row count for limit/offset: a number (bound) or a `param()`. */
export type RowCount = number | Param<number>

/** Shared by every limit and offset, so a statement's compile-cache key counts it by identity. */
const ROW_COUNT = longLived(ROW_COUNT_TYPE)

/** The limit/offset node: a bound integer value or a param placeholder typed as integer. */
export function rowCountNode(n: RowCount, what: 'limit' | 'offset'): ExprNode {
  const integer = ROW_COUNT
  if (typeof n === 'number') {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new CompileError(`${what}() takes a non-negative integer, got ${n}.`)
    }
    return Object.freeze({ kind: 'Value', value: n, type: integer })
  }
  if (n?.node?.kind === 'Param') return Object.freeze({ ...n.node, type: integer })
  throw new CompileError(`${what}() takes a non-negative integer or a param().`)
}

/** The WITH clause of a statement reading `ctes`, or undefined. Same-named CTEs must be the same. */
export function withNode(ctes: readonly CteNode[]): WithNode | undefined {
  if (ctes.length === 0) return undefined
  const byName = new Map<string, CteNode>()
  for (const c of ctes) {
    const prev = byName.get(c.name)
    if (prev && prev !== c) {
      throw new CompileError(
        `Two different CTEs are named "${c.name}" in one statement. Give one of them another name.`,
      )
    }
    byName.set(c.name, c)
  }
  const list = [...byName.values()]
  const recursive = list.some((c) => recursiveCtes.has(c))
  return Object.freeze({ kind: 'With', recursive, ctes: Object.freeze(list) })
}

/** CTE nodes defined with `cte.recursive`, so WITH knows to say RECURSIVE. */
export const recursiveCtes = new WeakSet<CteNode>()

/** Any select or set operation, whatever its items: what union, fromSelect and CTE steps take. */
export interface AnyQuery {
  readonly items: readonly SelectItem[]
  readonly nullable: ReadonlySet<string>
  readonly shape: ResultShape
  toNode(): QueryNode
}

/**
 * A select or a set operation over selects. `TItems` are the select items of the (first)
 * select, `TNull` the relations an outer join made nullable.
 *
 * @example
 * const q = select(users.id).from(users).union(select(admins.id).from(admins))
 */
export abstract class Query<
  TItems extends readonly SelectItem[] = readonly SelectItem[],
  TNull extends string = never,
> extends Statement<RowOfItems<TItems, TNull>> {
  /** The select items of the first select, for the columns of `as()`, CTEs and views. */
  abstract readonly items: TItems
  /** Relations an outer join made nullable. */
  abstract readonly nullable: ReadonlySet<string>

  abstract override toNode(): QueryNode

  abstract override get shape(): ResultShape

  /** `this union other` (duplicates removed). @example a.union(b) */
  union(
    other: AnyQuery & { readonly __row: RowOfItems<TItems, TNull> },
  ): SetOperation<TItems, TNull> {
    return SetOperation.of(this, 'union', other)
  }

  /** `this union all other` (duplicates kept). @example a.unionAll(b) */
  unionAll(
    other: AnyQuery & { readonly __row: RowOfItems<TItems, TNull> },
  ): SetOperation<TItems, TNull> {
    return SetOperation.of(this, 'union all', other)
  }

  /** Rows in both. @example a.intersect(b) */
  intersect(
    other: AnyQuery & { readonly __row: RowOfItems<TItems, TNull> },
  ): SetOperation<TItems, TNull> {
    return SetOperation.of(this, 'intersect', other)
  }

  /** Rows of this one that are not in `other`. @example a.except(b) */
  except(
    other: AnyQuery & { readonly __row: RowOfItems<TItems, TNull> },
  ): SetOperation<TItems, TNull> {
    return SetOperation.of(this, 'except', other)
  }

  /**
   * This query as a table in FROM or a join, under `alias`. Its columns are the selected
   * entities' columns and the labelled expressions.
   *
   * @example
   * const counts = select(posts.userId, count().as('n')).from(posts).groupBy(posts.userId).as('counts')
   * select(users.email, counts.n).from(users).innerJoin(counts, eq(counts.userId, users.id))
   */
  as<A extends string>(alias: A): Derived<A, DerivedColumns<TItems, TNull>> {
    const query = this.toNode()
    const { byProperty, primaryKey } = deriveColumns(
      this.items,
      this.nullable,
      `subquery "${alias}"`,
    )
    const def: ViewDef = Object.freeze({
      kind: 'view',
      name: alias,
      columns: Object.freeze(Object.values(byProperty)),
      primaryKey,
      query,
      dependsOn: Object.freeze([...tablesRead(query)]),
      byProperty: Object.freeze(byProperty),
    })
    return makeDerived(def, alias, { kind: 'SubqueryTable', query, alias }) as unknown as Derived<
      A,
      DerivedColumns<TItems, TNull>
    >
  }

  /**
   * This query as a value: `(select ...)`. It must return one column and at most one row;
   * no row gives NULL.
   *
   * @example select(users.email, select(count()).from(posts).where(eq(posts.userId, users.id)).scalar().as('posts'))
   */
  scalar(): Expression<RowOfItems<TItems, TNull>[0] | null> {
    const shape = this.shape
    const first = shape[0]
    if (shape.length !== 1 || first?.kind !== 'value') {
      throw new CompileError(
        'scalar() needs a query that selects exactly one column. Select one column or expression.',
      )
    }
    return new Expression(
      Object.freeze({ kind: 'ScalarSubquery', query: this.toNode() }),
      first.type,
    )
  }
}

interface SetState {
  readonly left: AnyQuery
  readonly op: SetOperator
  readonly right: AnyQuery
  readonly orderBy: readonly OrderByNode[]
  readonly limit?: ExprNode
  readonly offset?: ExprNode
}

/**
 * `union`, `union all`, `intersect` or `except` of two queries. Rows take the shape of the
 * left query; order/limit/offset apply to the combined result.
 *
 * @example
 * select(users.email).from(users).unionAll(select(admins.email).from(admins)).orderBy(users.email).limit(10)
 */
export class SetOperation<
  TItems extends readonly SelectItem[] = readonly SelectItem[],
  TNull extends string = never,
> extends Query<TItems, TNull> {
  #node: SetOperationNode | undefined

  private constructor(readonly state: SetState) {
    super()
    Object.freeze(this.state)
  }

  /** @internal */
  static of<I extends readonly SelectItem[], N extends string>(
    left: Query<I, N>,
    op: SetOperator,
    right: AnyQuery,
  ): SetOperation<I, N> {
    if (left.shape.length !== right.shape.length) {
      throw new CompileError(
        `${op} of queries with different column counts. Both sides must select the same kinds of items in the same order.`,
      )
    }
    return new SetOperation<I, N>({ left, op, right, orderBy: [] })
  }

  get items(): TItems {
    return this.state.left.items as TItems
  }

  get nullable(): ReadonlySet<string> {
    return this.state.left.nullable
  }

  get shape(): ResultShape {
    return this.state.left.shape
  }

  /** Orders the combined rows. @example a.union(b).orderBy(users.email.desc()) */
  orderBy(...items: (OrderBy | Expression<unknown>)[]): SetOperation<TItems, TNull> {
    return new SetOperation({
      ...this.state,
      orderBy: [...this.state.orderBy, ...items.map(orderByNode)],
    })
  }

  /** At most `n` combined rows. @example a.union(b).limit(10) */
  limit(n: RowCount): SetOperation<TItems, TNull> {
    return new SetOperation({ ...this.state, limit: rowCountNode(n, 'limit') })
  }

  /** Skips `n` combined rows. @example a.union(b).limit(10).offset(20) */
  offset(n: RowCount): SetOperation<TItems, TNull> {
    return new SetOperation({ ...this.state, offset: rowCountNode(n, 'offset') })
  }

  toNode(): SetOperationNode {
    if (this.#node) return this.#node
    const s = this.state
    const node: SetOperationNode = {
      kind: 'SetOperation',
      op: s.op,
      left: s.left.toNode(),
      right: s.right.toNode(),
      orderBy: Object.freeze([...s.orderBy]),
      ...(s.limit ? { limit: s.limit } : {}),
      ...(s.offset ? { offset: s.offset } : {}),
    }
    this.#node = Object.freeze(node)
    return this.#node
  }
}
