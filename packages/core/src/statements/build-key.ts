import { isLongLived } from '../ast/long-lived.js'
import type { ExprNode, OrderByNode, ValueNode } from '../ast/nodes.js'
import { Trie, type TriePoint } from '../ast/trie.js'
import { Bundle } from '../expressions/bundle.js'
import { Aliased, Expression } from '../expressions/expression.js'
import type { ColumnType } from '../schema/column-type.js'
import { Column } from '../schema/table.js'
import { isRelation } from './items.js'

/*
 * Compile-cache keys made by the builders as a statement is built, so the executor finds the
 * template of a statement built per call without walking its tree (compile/shape-index.ts
 * does that for every other statement). A key is a point in a trie of builder steps: the
 * same steps over the same schema objects reach the same key object. A step's token is a
 * constant of this module, an operator, a count, or an object that counts by identity (a
 * schema-lifetime node or type, a relation); bound values are never tokens, only collected
 * beside the key, in the order the steps met them. A builder that cannot key a step (an
 * expression this module does not know, an option it does not follow) leaves the statement
 * without a key, and the executor walks it as before.
 */

/** Bounds the trie: relations or types made per call would otherwise grow it forever. */
const MAX_POINTS = 50_000

/** A point of the trie of builder steps; statements with the same key compile alike. */
export type BuildKey = TriePoint<never>

let trie = new Trie<never>()

/**
 * Where every key starts. Past the bound a new trie begins; keys of the old one stay valid,
 * they only stop meeting the keys made after.
 */
export function rootKey(): BuildKey {
  if (trie.points > MAX_POINTS) trie = new Trie<never>()
  return trie.root
}

/**
 * The key after a step by `x`'s identity, or undefined when `x` may change (only frozen
 * schema-lifetime objects count by identity). A token already in the trie was checked when
 * it was added, so the common case needs no lookup in the long-lived set.
 */
function stepShared(key: BuildKey, x: object): BuildKey | undefined {
  if (key.next !== undefined && key.token === x) return key.next
  return isLongLived(x) ? key.step(x) : undefined
}

/** The value nodes of a statement without a key, or of a key that met none. */
export const NO_KEY_VALUES: readonly ValueNode[] = Object.freeze([])

/** A builder state's key and the value nodes met on the way to it. */
export interface Keyed {
  readonly key: BuildKey | undefined
  readonly keyValues: readonly ValueNode[]
}

/** What a builder step that cannot be keyed leaves: the executor walks the statement. */
export const UNKEYED: Keyed = Object.freeze({ key: undefined, keyValues: NO_KEY_VALUES })

/**
 * The key after one more builder step: `step` extends `from.key`, appending the step's value
 * nodes, or returns undefined to leave the statement to the walk.
 *
 * @example
 * const next = keyStep(state, (key, values) => exprKey(key.step(WHERE), condition.node, values))
 */
export function keyStep(
  from: Keyed,
  step: (key: BuildKey, values: ValueNode[]) => BuildKey | undefined,
): Keyed {
  if (from.key === undefined) return UNKEYED
  // Copied by hand: a slice of the frozen empty list keeps its frozen elements kind, which
  // sends every later push through the slow path (a quarter of building a select).
  const earlier = from.keyValues
  const values: ValueNode[] = []
  for (let i = 0; i < earlier.length; i++) values.push(earlier[i]!)
  const key = step(from.key, values)
  return key === undefined ? UNKEYED : { key, keyValues: values }
}

/** Tokens no operator, count or schema object can be equal to. */
export const SELECT = Symbol('select')
export const INSERT = Symbol('insert')
export const UPDATE = Symbol('update')
export const DELETE = Symbol('delete')
export const SET = Symbol('set')
export const RETURNING = Symbol('returning')
export const FROM = Symbol('from')
export const JOIN = Symbol('join')
export const WHERE = Symbol('where')
export const ORDER_BY = Symbol('order by')
export const LIMIT = Symbol('limit')
export const OFFSET = Symbol('offset')
export const DISTINCT = Symbol('distinct')
export const GROUP_BY = Symbol('group by')
export const HAVING = Symbol('having')
const VALUE = Symbol('value')
const BINARY = Symbol('binary')
const LIKE = Symbol('like')
const LOGICAL = Symbol('logical')
const NOT = Symbol('not')
const IS_NULL = Symbol('is null')
const IN = Symbol('in')
const BETWEEN = Symbol('between')
const ORDER = Symbol('order')
const FUNCTION = Symbol('function')
const ALIAS = Symbol('alias')
const EXPRESSION = Symbol('expression')
const BUNDLE = Symbol('bundle')
const UNTYPED = Symbol('untyped')

/**
 * The key of `node` after `key`, appending its value nodes to `values`; undefined for a node
 * kind this module does not key (the statement is then walked instead). Every field of a
 * keyed kind is a step: a field added to one of these nodes must be added here too.
 *
 * @example
 * const values: ValueNode[] = []
 * const key = exprKey(rootKey().step(WHERE), eq(users.id, 1).node, values)
 */
export function exprKey(
  key: BuildKey | undefined,
  node: ExprNode | OrderByNode,
  values: ValueNode[],
): BuildKey | undefined {
  if (key === undefined) return undefined
  switch (node.kind) {
    case 'Value': {
      if (node.generate !== undefined) return undefined
      values.push(node)
      const type = node.type
      return type === undefined ? key.step(VALUE) : stepShared(key.step(VALUE), type)
    }
    case 'Binary': {
      const left = exprKey(key.step(BINARY).step(node.op), node.left, values)
      return exprKey(left, node.right, values)
    }
    case 'Like': {
      const at = key.step(LIKE).step(node.caseInsensitive).step(node.negated)
      return exprKey(exprKey(at, node.expr, values), node.pattern, values)
    }
    case 'Logical':
      return listKey(key.step(LOGICAL).step(node.op), node.items, values)
    case 'Not':
      return exprKey(key.step(NOT), node.expr, values)
    case 'IsNull':
      return exprKey(key.step(IS_NULL).step(node.negated), node.expr, values)
    case 'In': {
      if (!Array.isArray(node.list)) return undefined
      const expr = exprKey(key.step(IN).step(node.negated), node.expr, values)
      return listKey(expr, node.list, values)
    }
    case 'Between': {
      const expr = exprKey(key.step(BETWEEN).step(node.negated), node.expr, values)
      return exprKey(exprKey(expr, node.low, values), node.high, values)
    }
    case 'OrderBy':
      return exprKey(key.step(ORDER).step(node.direction).step(node.nulls), node.expr, values)
    case 'Function': {
      const call = key.step(FUNCTION).step(node.name).step(node.star).step(node.distinct)
      return listKey(call, node.args, values)
    }
    default:
      return stepShared(key, node)
  }
}

/** The key of a list of nodes after `key`: its length, then each node. */
export function listKey(
  key: BuildKey | undefined,
  nodes: readonly (ExprNode | OrderByNode)[],
  values: ValueNode[],
): BuildKey | undefined {
  let at = key?.step(nodes.length)
  for (let i = 0; at !== undefined && i < nodes.length; i++) at = exprKey(at, nodes[i]!, values)
  return at
}

/**
 * The key of a select or returning list: whole tables (or their aliases) and table columns by
 * identity (both are made once with their relation and hold no value); expressions, labelled
 * expressions and bundles by their nodes, labels and result types, appending their value
 * nodes to `values`. A subquery, a CTE or an expression `exprKey` does not key leaves the
 * statement to the walk.
 */
export function itemsKey(
  key: BuildKey,
  items: readonly unknown[],
  values: ValueNode[],
): BuildKey | undefined {
  let at: BuildKey | undefined = key.step(items.length)
  for (let i = 0; at !== undefined && i < items.length; i++) {
    const item = items[i]
    if (isRelation(item)) {
      if (item.$cte !== undefined || !isLongLived(item.$ref)) return undefined
      at = at.step(item)
    } else if (item instanceof Column) {
      if (!isLongLived(item.node)) return undefined
      at = at.step(item)
    } else if (item instanceof Aliased) {
      const labelled = at.step(ALIAS).step(item.alias)
      at = typedKey(exprKey(labelled, item.expression.node, values), item.expression.type)
    } else if (item instanceof Bundle) {
      const fields = Object.entries(item.fields as Record<string, Expression<unknown>>)
      at = at.step(BUNDLE).step(fields.length)
      for (const [name, expr] of fields) {
        at = typedKey(exprKey(at?.step(name), expr.node, values), expr.type)
      }
    } else if (item instanceof Expression) {
      at = typedKey(exprKey(at.step(EXPRESSION), item.node, values), item.type)
    } else {
      return undefined
    }
  }
  return at
}

/** The key after an item's result type, which picks the codec its values are read with. */
function typedKey(key: BuildKey | undefined, type: ColumnType | undefined): BuildKey | undefined {
  if (key === undefined) return undefined
  return type === undefined ? key.step(UNTYPED) : stepShared(key, type)
}
