import type { CaseNode, ExprNode, FunctionNode } from '../ast/nodes.js'
import type { ColumnBuilder } from '../schema/column.js'
import { Expression, type OrderBy } from './expression.js'
import { operandNode, typeOf } from './operand.js'
import type { Condition, Operand } from './operators.js'
import { DECIMAL, INTEGER, TEXT } from './result-types.js'
import { Aggregate } from './window.js'

function call(
  name: FunctionNode['name'],
  args: readonly ExprNode[],
  extra: Partial<FunctionNode> = {},
) {
  return Object.freeze({
    kind: 'Function',
    name,
    args: Object.freeze([...args]),
    ...extra,
  }) as FunctionNode
}

/**
 * `count(*)`, or `count(expr)` (rows where expr is not NULL). A JavaScript number.
 *
 * @example select(users.country, count().as('n')).from(users).groupBy(users.country)
 */
export function count(expr?: Expression<unknown>): Aggregate<number> {
  return new Aggregate(
    expr ? call('count', [expr.node]) : call('count', [], { star: true }),
    INTEGER,
  )
}

/** `count(distinct expr)`. @example select(countDistinct(orders.customerId)).from(orders) */
export function countDistinct(expr: Expression<unknown>): Aggregate<number> {
  return new Aggregate(call('count', [expr.node], { distinct: true }), INTEGER)
}

/**
 * `sum(expr)` as an exact decimal string (databases widen integer sums), NULL over no rows.
 *
 * @example select(sum(orders.total)).from(orders)
 */
export function sum(expr: Expression<number | bigint | string | null>): Aggregate<string | null> {
  return new Aggregate(call('sum', [expr.node]), DECIMAL)
}

/** `avg(expr)` as a decimal string, NULL over no rows. @example select(avg(ratings.stars)).from(ratings) */
export function avg(expr: Expression<number | bigint | string | null>): Aggregate<string | null> {
  return new Aggregate(call('avg', [expr.node]), DECIMAL)
}

/** `min(expr)`, of the expression's own type, NULL over no rows. @example select(min(users.createdAt)).from(users) */
export function min<T>(expr: Expression<T>): Aggregate<T | null> {
  return new Aggregate(call('min', [expr.node]), expr.type)
}

/** `max(expr)`, of the expression's own type, NULL over no rows. @example select(max(posts.id)).from(posts) */
export function max<T>(expr: Expression<T>): Aggregate<T | null> {
  return new Aggregate(call('max', [expr.node]), expr.type)
}

/**
 * The first argument that is not NULL. With a plain value last, the result is never NULL.
 *
 * @example select(coalesce(users.nickname, users.name, 'anonymous'))
 */
export function coalesce<T>(
  first: Expression<T>,
  ...rest: [...Expression<T | null>[], NonNullable<NoInfer<T>>]
): Expression<NonNullable<T>>
export function coalesce<T>(first: Expression<T>, ...rest: Expression<T | null>[]): Expression<T>
export function coalesce(first: Expression<unknown>, ...rest: unknown[]): Expression<unknown> {
  const type = first.type ?? rest.map(typeOf).find((t) => t !== undefined)
  const args = [first.node, ...rest.map((x) => operandNode(x, type, 'coalesce()'))]
  return new Expression(call('coalesce', args), type)
}

/** Lower case. @example where(eq(lower(users.email), email.toLowerCase())) */
export function lower<T extends string | null>(expr: Expression<T>): Expression<T> {
  return new Expression<T>(call('lower', [expr.node]), expr.type ?? TEXT)
}

/** Upper case. @example select(upper(countries.code)) */
export function upper<T extends string | null>(expr: Expression<T>): Expression<T> {
  return new Expression<T>(call('upper', [expr.node]), expr.type ?? TEXT)
}

/**
 * `cast(expr as type)`, with the type given as a column type, so each dialect writes its own
 * type name and the result is decoded by that type's codec.
 *
 * @example select(cast(users.id, text()))
 */
export function cast<I, T>(
  expr: Expression<I>,
  to: ColumnBuilder<T, boolean, boolean>,
): Expression<null extends I ? T | null : T> {
  return new Expression(
    Object.freeze({ kind: 'Cast', expr: expr.node, type: to.config.type }),
    to.config.type,
  )
}

/** The current date and time, a `Date`. @example update(posts).set({ editedAt: currentTimestamp() }) */
export function currentTimestamp(): Expression<Date> {
  const type = { kind: 'timestamp', withTimeZone: true } as const
  return new Expression<Date>(Object.freeze({ kind: 'CurrentTimestamp' }), type)
}

/** Ascending order, as a function. @example orderBy(asc(users.name, 'last')) */
export function asc(expr: Expression<unknown>, nulls?: 'first' | 'last'): OrderBy {
  return expr.asc(nulls)
}

/** Descending order, as a function. @example orderBy(desc(posts.createdAt)) */
export function desc(expr: Expression<unknown>, nulls?: 'first' | 'last'): OrderBy {
  return expr.desc(nulls)
}

function caseBranch(when: ExprNode, value: ExprNode): CaseNode['whens'][number] {
  // biome-ignore lint/suspicious/noThenProperty: CaseNode names the field after the SQL keyword
  return Object.freeze({ when, then: value })
}

/**
 * `case when ... then ... end`, built branch by branch. Without `else` the result may be NULL.
 *
 * @example
 * caseWhen(gt(p.likes, 100), 'hot').when(gt(p.likes, 10), 'warm').else('cold')
 */
export class CaseExpression<T> extends Expression<T | null> {
  declare readonly node: CaseNode

  /** Another branch. @example caseWhen(a, 'x').when(b, 'y') */
  when(condition: Condition, then: Operand<T>): CaseExpression<T> {
    const branch = caseBranch(condition.node, operandNode(then, this.type, 'caseWhen()'))
    return new CaseExpression<T>(
      Object.freeze({ ...this.node, whens: Object.freeze([...this.node.whens, branch]) }),
      this.type ?? typeOf(then),
    )
  }

  /** The value when no branch matches. @example caseWhen(a, 1).else(0) */
  else(value: Operand<T>): Expression<T> {
    return new Expression<T>(
      Object.freeze({ ...this.node, else: operandNode(value, this.type, 'caseWhen() else') }),
      this.type ?? typeOf(value),
    )
  }
}

/** Starts a `case when` expression. @example caseWhen(isNull(u.deletedAt), 'active').else('deleted') */
export function caseWhen<T>(
  condition: Condition,
  then: T | Expression<T>,
): CaseExpression<NonNullable<T>> {
  const type = typeOf(then)
  const branch = caseBranch(condition.node, operandNode(then, type, 'caseWhen()'))
  return new CaseExpression(Object.freeze({ kind: 'Case', whens: Object.freeze([branch]) }), type)
}
