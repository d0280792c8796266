import type { Node, StatementNode } from '../ast/nodes.js'

const DDL_KINDS = new Set<Node['kind']>([
  'CreateTable',
  'CreateIndex',
  'CreateView',
  'CreateEnum',
  'Drop',
])

/**
 * Whether a statement's values are written into its SQL text as literals (DDL: databases
 * bind no parameters there) instead of being bound, so its SQL differs with every value.
 */
export function inlinesValues(node: StatementNode): boolean {
  return DDL_KINDS.has(node.kind)
}
