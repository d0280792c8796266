import type { ExprNode, ParamNode, ValueNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ColumnType } from '../schema/column-type.js'

/*
 * How a JavaScript value or an expression becomes a node. Values are always bound, so the
 * only job here is to refuse values no codec can bind (an object where a scalar belongs, NaN,
 * an invalid Date) while the statement is being built, naming where the value went.
 */

/** Anything that carries a statement-tree expression: expressions, columns, params, fragments. */
export interface HasExprNode {
  readonly node: ExprNode
  readonly type?: ColumnType | undefined
}

/**
 * Whether `x` is an expression object rather than a plain value. Expressions are class
 * instances; a plain object (what JSON.parse makes of a request body) is always a value, so
 * `{ "node": { "kind": "RawText", ... } }` from user input can never become SQL.
 */
export function isExpressionLike(x: unknown): x is HasExprNode {
  if (typeof x !== 'object' || x === null) return false
  const proto = Object.getPrototypeOf(x)
  if (proto === Object.prototype || proto === null) return false
  const node = (x as { node?: unknown }).node
  return (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as { kind?: unknown }).kind === 'string'
  )
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'function') return 'a function'
  if (typeof value === 'number') return String(value)
  if (value instanceof Date) return 'an invalid Date'
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'symbol') return 'a symbol'
  return 'an object'
}

function isBindableScalar(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'bigint':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object':
      if (value === null) return true
      if (value instanceof Date) return !Number.isNaN(value.getTime())
      return value instanceof Uint8Array
    default:
      return false
  }
}

function isJsonValue(value: unknown): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object':
      return !(value instanceof Uint8Array)
    default:
      return false
  }
}

/**
 * A bound value. `type` is the column type whose codec encodes it; `where` names the column
 * or operator for the error message.
 */
export function valueNode(value: unknown, type: ColumnType | undefined, where: string): ValueNode {
  const ok = type?.kind === 'json' ? isJsonValue(value) : isBindableScalar(value)
  if (!ok) {
    const hint =
      type?.kind === 'json' || value === undefined || typeof value === 'function'
        ? ''
        : ' Bind one scalar (string, number, bigint, boolean, Date, Uint8Array or null); for a JSON document use a json() column, for a list use inList().'
    throw new CompileError(`Cannot bind ${describe(value)} as the value of ${where}.${hint}`)
  }
  return type ? { kind: 'Value', value, type } : { kind: 'Value', value }
}

/**
 * The node of an expression, or a bound value. A `param()` placeholder or a bare value takes
 * `type` (the type of what it is compared with or assigned to) so its codec is known.
 */
export function operandNode(x: unknown, type: ColumnType | undefined, where: string): ExprNode {
  if (isExpressionLike(x)) {
    const node = x.node
    if (node.kind === 'Param' && node.type === undefined && type) {
      return { ...node, type } satisfies ParamNode
    }
    return node
  }
  return valueNode(x, type, where)
}

/** The column type of an expression object, if it is one and has one. */
export function typeOf(x: unknown): ColumnType | undefined {
  return isExpressionLike(x) ? x.type : undefined
}

/** A short name for an operand in messages: `users.email` for a column. */
export function nameOf(x: unknown): string {
  if (isExpressionLike(x) && x.node.kind === 'Column') {
    return x.node.table ? `${x.node.table}.${x.node.name}` : x.node.name
  }
  return 'an expression'
}
