import type { ArithmeticOperator, ComparisonOperator, ExprNode, QueryNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Expression } from './expression.js'
import { isExpressionLike, nameOf, operandNode, typeOf } from './operand.js'
import { TEXT } from './result-types.js'

/*
 * Conditions and arithmetic. A plain value next to a typed expression is bound with that
 * expression's column type, so a boolean, Date or json value is encoded by the right codec.
 */

/** A boolean SQL expression, as `where`, `having`, `on` and `and()` take it. */
export type Condition = Expression<boolean | null>

/** A select that can stand where SQL wants a subquery (`in (select ...)`, `exists (...)`). */
export interface SubqueryLike {
  toNode(): QueryNode
}

/** A value of type `T` or any expression. */
export type Operand<T> = NoInfer<NonNullable<T>> | Expression<unknown>

const bool = { kind: 'boolean' } as const

function condition(node: ExprNode): Condition {
  return new Expression<boolean | null>(node, bool)
}

function compare(op: ComparisonOperator, fn: string, left: Expression<unknown>, right: unknown) {
  if (right === null) {
    throw new CompileError(
      `${fn}(${nameOf(left)}, null) is never true in SQL. Use isNull(${nameOf(left)}) or isNotNull(...) instead.`,
    )
  }
  const where = `${fn}() against ${nameOf(left)}`
  return condition({
    kind: 'Binary',
    op,
    left: operandNode(left, typeOf(right), where),
    right: operandNode(right, typeOf(left), where),
  })
}

/** `left = right`. @example where(eq(users.email, 'a@b.c')) */
export function eq<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('=', 'eq', left, right)
}
/** `left <> right`. @example where(ne(users.status, 'banned')) */
export function ne<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('<>', 'ne', left, right)
}
/** `left > right`. @example where(gt(posts.likes, 10)) */
export function gt<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('>', 'gt', left, right)
}
/** `left >= right`. @example where(gte(posts.likes, 10)) */
export function gte<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('>=', 'gte', left, right)
}
/** `left < right`. @example where(lt(users.createdAt, new Date())) */
export function lt<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('<', 'lt', left, right)
}
/** `left <= right`. @example where(lte(users.age, 65)) */
export function lte<T>(left: Expression<T>, right: Operand<T>): Condition {
  return compare('<=', 'lte', left, right)
}

function logical(op: 'and' | 'or', conditions: readonly (Condition | undefined)[]): Condition {
  const items = conditions.filter((c): c is Condition => c !== undefined).map((c) => c.node)
  if (items.length === 0) {
    throw new CompileError(
      `${op}() was given no condition. Pass at least one, or leave the where() call out.`,
    )
  }
  if (items.length === 1) return condition(items[0]!)
  return condition({ kind: 'Logical', op, items: Object.freeze(items) })
}

/**
 * All conditions hold. `undefined` items are skipped, which suits optional filters.
 *
 * @example where(and(eq(users.active, true), name ? like(users.name, name) : undefined))
 */
export function and(...conditions: (Condition | undefined)[]): Condition {
  return logical('and', conditions)
}

/** At least one condition holds; `undefined` items are skipped. @example where(or(isNull(u.deletedAt), gt(u.deletedAt, since))) */
export function or(...conditions: (Condition | undefined)[]): Condition {
  return logical('or', conditions)
}

/** Negation. @example where(not(eq(users.active, true))) */
export function not(condition_: Condition): Condition {
  return condition({ kind: 'Not', expr: condition_.node })
}

function isSubquery(x: unknown): x is SubqueryLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as SubqueryLike).toNode === 'function' &&
    !isExpressionLike(x)
  )
}

function inNode(fn: string, expr: Expression<unknown>, list: unknown, negated: boolean) {
  let items: readonly ExprNode[] | QueryNode
  if (isSubquery(list)) {
    items = list.toNode()
  } else if (Array.isArray(list)) {
    const where = `${fn}() against ${nameOf(expr)}`
    items = Object.freeze(list.map((v) => operandNode(v, expr.type, where)))
  } else {
    throw new CompileError(
      `${fn}(${nameOf(expr)}, ...) takes an array of values or a select statement.`,
    )
  }
  return condition({ kind: 'In', expr: expr.node, list: items, negated })
}

/**
 * `expr in (...)` over a list of values or a subquery. An empty list is never true.
 *
 * @example where(inList(users.id, [1, 2, 3]))
 * @example where(inList(users.id, select(posts.userId).from(posts)))
 */
export function inList<T>(
  expr: Expression<T>,
  list: readonly Operand<T>[] | SubqueryLike,
): Condition {
  return inNode('inList', expr, list, false)
}

/** `expr not in (...)`. @example where(notInList(users.id, [1, 2])) */
export function notInList<T>(
  expr: Expression<T>,
  list: readonly Operand<T>[] | SubqueryLike,
): Condition {
  return inNode('notInList', expr, list, true)
}

function betweenNode(
  fn: string,
  expr: Expression<unknown>,
  low: unknown,
  high: unknown,
  negated: boolean,
) {
  const where = `${fn}() on ${nameOf(expr)}`
  return condition({
    kind: 'Between',
    expr: expr.node,
    low: operandNode(low, expr.type, where),
    high: operandNode(high, expr.type, where),
    negated,
  })
}

/** `expr between low and high` (inclusive). @example where(between(posts.likes, 10, 20)) */
export function between<T>(expr: Expression<T>, low: Operand<T>, high: Operand<T>): Condition {
  return betweenNode('between', expr, low, high, false)
}

/** `expr not between low and high`. @example where(notBetween(posts.likes, 10, 20)) */
export function notBetween<T>(expr: Expression<T>, low: Operand<T>, high: Operand<T>): Condition {
  return betweenNode('notBetween', expr, low, high, true)
}

type Text = Expression<string | null>

function likeNode(
  fn: string,
  expr: Text,
  pattern: unknown,
  caseInsensitive: boolean,
  negated: boolean,
) {
  return condition({
    kind: 'Like',
    expr: expr.node,
    pattern: operandNode(pattern, TEXT, `${fn}() pattern for ${nameOf(expr)}`),
    caseInsensitive,
    negated,
  })
}

/** `expr like pattern` (`%` and `_` wildcards). @example where(like(users.email, '%@example.com')) */
export function like(expr: Text, pattern: string | Expression<unknown>): Condition {
  return likeNode('like', expr, pattern, false, false)
}
/** `expr not like pattern`. @example where(notLike(users.email, '%@spam.test')) */
export function notLike(expr: Text, pattern: string | Expression<unknown>): Condition {
  return likeNode('notLike', expr, pattern, false, true)
}
/**
 * Case-insensitive like: `ilike` on PostgreSQL; other dialects emulate it or refuse it at
 * compile time.
 *
 * @example where(ilike(users.name, 'ann%'))
 */
export function ilike(expr: Text, pattern: string | Expression<unknown>): Condition {
  return likeNode('ilike', expr, pattern, true, false)
}
/** Case-insensitive not like. @example where(notIlike(users.name, 'test%')) */
export function notIlike(expr: Text, pattern: string | Expression<unknown>): Condition {
  return likeNode('notIlike', expr, pattern, true, true)
}

/** `expr is null`. @example where(isNull(users.deletedAt)) */
export function isNull(expr: Expression<unknown>): Condition {
  return condition({ kind: 'IsNull', expr: expr.node, negated: false })
}
/** `expr is not null`. @example where(isNotNull(users.verifiedAt)) */
export function isNotNull(expr: Expression<unknown>): Condition {
  return condition({ kind: 'IsNull', expr: expr.node, negated: true })
}

/**
 * `exists (subquery)`.
 *
 * @example where(exists(select(posts.id).from(posts).where(eq(posts.userId, users.id))))
 */
export function exists(query: SubqueryLike): Condition {
  return condition({ kind: 'Exists', query: query.toNode(), negated: false })
}
/** `not exists (subquery)`. @example where(notExists(select(posts.id).from(posts).where(eq(posts.userId, users.id)))) */
export function notExists(query: SubqueryLike): Condition {
  return condition({ kind: 'Exists', query: query.toNode(), negated: true })
}

function arithmetic<T>(
  op: ArithmeticOperator,
  fn: string,
  left: Expression<T>,
  right: unknown,
): Expression<T> {
  const where = `${fn}() with ${nameOf(left)}`
  const type = left.type ?? typeOf(right)
  return new Expression<T>(
    Object.freeze({
      kind: 'Binary',
      op,
      left: left.node,
      right: operandNode(right, left.type, where),
    }),
    type,
  )
}

type Num = number | bigint | string | null

/** `left + right`. @example update(posts).set({ likes: add(posts.likes, 1) }) */
export function add<T extends Num>(left: Expression<T>, right: Operand<T>): Expression<T> {
  return arithmetic('+', 'add', left, right)
}
/** `left - right`. @example sub(accounts.balance, amount) */
export function sub<T extends Num>(left: Expression<T>, right: Operand<T>): Expression<T> {
  return arithmetic('-', 'sub', left, right)
}
/** `left * right`. @example mul(items.price, items.quantity) */
export function mul<T extends Num>(left: Expression<T>, right: Operand<T>): Expression<T> {
  return arithmetic('*', 'mul', left, right)
}
/** `left / right` (integer division on integer operands in most databases). @example div(t.total, t.count) */
export function div<T extends Num>(left: Expression<T>, right: Operand<T>): Expression<T> {
  return arithmetic('/', 'div', left, right)
}

/**
 * String concatenation; each dialect spells it its own way. A NULL part makes the result NULL.
 *
 * @example select(concat(users.firstName, ' ', users.lastName).as('name'))
 */
export function concat(
  first: Expression<string | null> | string,
  ...rest: (Expression<string | null> | string)[]
): Expression<string> {
  let node = operandNode(first, TEXT, 'concat()')
  for (const part of rest) {
    node = Object.freeze({
      kind: 'Binary',
      op: 'concat',
      left: node,
      right: operandNode(part, TEXT, 'concat()'),
    })
  }
  return new Expression<string>(node, TEXT)
}
