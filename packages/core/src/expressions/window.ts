import type { ExprNode, FrameBound, FunctionNode, OrderByNode, WindowNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ColumnType } from '../schema/column-type.js'
import { Expression, type OrderBy } from './expression.js'
import { INTEGER } from './result-types.js'

/** One end of a window frame. */
export type FrameEdge =
  | 'unboundedPreceding'
  | 'currentRow'
  | 'unboundedFollowing'
  | { readonly preceding: number }
  | { readonly following: number }

/** The window an aggregate or ranking function runs over. */
export interface WindowSpec {
  readonly partitionBy?: readonly Expression<unknown>[]
  /** Expressions sort ascending; use `expr.desc()` for other orders. */
  readonly orderBy?: readonly (OrderBy | Expression<unknown>)[]
  /** Without `end` the frame ends at the current row. */
  readonly frame?: {
    readonly unit: 'rows' | 'range'
    readonly start: FrameEdge
    readonly end?: FrameEdge
  }
}

function bound(edge: FrameEdge): FrameBound {
  if (typeof edge === 'string') return Object.freeze({ type: edge })
  const [type, offset] =
    'preceding' in edge
      ? (['preceding', edge.preceding] as const)
      : (['following', edge.following] as const)
  if (!Number.isInteger(offset) || offset < 0) {
    throw new CompileError(
      `A window frame offset must be a non-negative integer, got ${offset}. Frame offsets are written into the SQL, so they cannot be parameters.`,
    )
  }
  return Object.freeze({ type, offset })
}

/** An `order by` item from an OrderBy or a bare expression (ascending). */
export function orderByNode(item: OrderBy | Expression<unknown>): OrderByNode {
  const node = item.node
  if (node.kind === 'OrderBy') return node
  return Object.freeze({ kind: 'OrderBy', expr: node, direction: 'asc' })
}

function windowNode(fn: FunctionNode, spec: WindowSpec): WindowNode {
  const node: WindowNode = {
    kind: 'Window',
    fn,
    partitionBy: Object.freeze((spec.partitionBy ?? []).map((e) => e.node)),
    orderBy: Object.freeze((spec.orderBy ?? []).map(orderByNode)),
    ...(spec.frame
      ? {
          frame: Object.freeze({
            unit: spec.frame.unit,
            start: bound(spec.frame.start),
            end: bound(spec.frame.end ?? 'currentRow'),
          }),
        }
      : {}),
  }
  return Object.freeze(node)
}

/**
 * An aggregate (count, sum, ...): usable as is with `groupBy`, or as a window function
 * with `over()`.
 *
 * @example select(orders.id, sum(orders.total).over({ partitionBy: [orders.customerId] }))
 */
export class Aggregate<T> extends Expression<T> {
  declare readonly node: FunctionNode

  /** Runs the aggregate over a window instead of a group. @example count().over({ partitionBy: [t.kind] }) */
  over(spec: WindowSpec = {}): Expression<T> {
    return new Expression<T>(windowNode(this.node, spec), this.type)
  }
}

/**
 * A function that only exists over a window (row_number, rank, lag, ...): call `over()`.
 *
 * @example rowNumber().over({ orderBy: [users.createdAt] })
 */
export class WindowFunction<T> {
  declare readonly __type: T

  constructor(
    readonly fn: FunctionNode,
    readonly type?: ColumnType,
  ) {}

  /** The window the function runs over. @example rank().over({ partitionBy: [s.team], orderBy: [s.points.desc()] }) */
  over(spec: WindowSpec = {}): Expression<T> {
    return new Expression<T>(windowNode(this.fn, spec), this.type)
  }
}

function fn(name: FunctionNode['name'], args: readonly ExprNode[] = []): FunctionNode {
  return Object.freeze({ kind: 'Function', name, args: Object.freeze([...args]) })
}

/** `row_number()`: 1, 2, 3, ... within the window. @example rowNumber().over({ orderBy: [t.id] }) */
export function rowNumber(): WindowFunction<number> {
  return new WindowFunction(fn('row_number'), INTEGER)
}
/** `rank()`: ties share a rank, gaps follow. @example rank().over({ orderBy: [s.points.desc()] }) */
export function rank(): WindowFunction<number> {
  return new WindowFunction(fn('rank'), INTEGER)
}
/** `dense_rank()`: ties share a rank, no gaps. @example denseRank().over({ orderBy: [s.points.desc()] }) */
export function denseRank(): WindowFunction<number> {
  return new WindowFunction(fn('dense_rank'), INTEGER)
}

function offsetArgs(name: string, expr: Expression<unknown>, offset: number): ExprNode[] {
  if (!Number.isInteger(offset) || offset < 0) {
    throw new CompileError(`${name}() offset must be a non-negative integer, got ${offset}.`)
  }
  return [expr.node, Object.freeze({ kind: 'Value', value: offset, type: INTEGER })]
}

/**
 * The value `offset` rows before the current one, NULL before the first.
 *
 * @example lag(prices.close).over({ orderBy: [prices.day] })
 */
export function lag<T>(expr: Expression<T>, offset = 1): WindowFunction<T | null> {
  return new WindowFunction(fn('lag', offsetArgs('lag', expr, offset)), expr.type)
}
/**
 * The value `offset` rows after the current one, NULL after the last.
 *
 * @example lead(prices.close).over({ orderBy: [prices.day] })
 */
export function lead<T>(expr: Expression<T>, offset = 1): WindowFunction<T | null> {
  return new WindowFunction(fn('lead', offsetArgs('lead', expr, offset)), expr.type)
}
