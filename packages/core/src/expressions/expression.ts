import type { AliasNode, ExprNode, OrderByNode } from '../ast/nodes.js'
import type { ColumnType } from '../schema/column-type.js'

/**
 * A typed SQL expression: a tree node plus the JavaScript type its value maps to.
 * `T` is phantom (never read at runtime); `type` is the column type whose codec decodes the
 * value when it is selected, when known.
 *
 * @example
 * const e: Expression<number> = count()
 */
export class Expression<T> {
  declare readonly __type: T

  constructor(
    readonly node: ExprNode,
    readonly type?: ColumnType,
  ) {}

  /**
   * Labels the expression in a select list.
   *
   * @example
   * select(users.id, count().as('n'))
   */
  as<A extends string>(alias: A): Aliased<T, A> {
    return new Aliased<T, A>(this, alias)
  }

  /** Ascending order, optionally with nulls first or last. @example .orderBy(users.name.asc()) */
  asc(nulls?: 'first' | 'last'): OrderBy {
    return orderBy(this.node, 'asc', nulls)
  }

  /** Descending order, optionally with nulls first or last. @example .orderBy(users.id.desc('last')) */
  desc(nulls?: 'first' | 'last'): OrderBy {
    return orderBy(this.node, 'desc', nulls)
  }
}

/**
 * An expression with a label, as it appears in a select list. `TTable` is phantom: the
 * table of a labelled column, so an outer join makes the label nullable too. Any other
 * expression (an aggregate, `coalesce`, arithmetic over a column) keeps `string` here and
 * its declared type, since whether it yields NULL cannot be known from its operands.
 *
 * @example count().as('n')
 */
export class Aliased<T, A extends string = string, TTable extends string = string> {
  declare readonly __type: T
  declare readonly __table: TTable
  readonly node: AliasNode

  constructor(
    readonly expression: Expression<T>,
    readonly alias: A,
  ) {
    this.node = Object.freeze({ kind: 'Alias', expr: expression.node, alias })
  }
}

/** One `order by` item. @example users.name.asc('last') */
export interface OrderBy {
  readonly node: OrderByNode
}

function orderBy(expr: ExprNode, direction: 'asc' | 'desc', nulls?: 'first' | 'last'): OrderBy {
  const node: OrderByNode = nulls
    ? { kind: 'OrderBy', expr, direction, nulls }
    : { kind: 'OrderBy', expr, direction }
  return { node: Object.freeze(node) }
}
