import type { ExprNode } from '../ast/nodes.js'
import type { Condition } from '../expressions/operators.js'

/**
 * `prev and next`, or `next` alone: a second `where()` (or `having()`) narrows the first.
 * Not frozen, like every node made per statement (ARCHITECTURE.md, "Statements are values").
 */
export function andWhere(prev: ExprNode | undefined, next: Condition): ExprNode {
  return prev ? { kind: 'Logical', op: 'and', items: [prev, next.node] } : next.node
}
