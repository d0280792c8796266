import type * as N from '../../src/ast/nodes.js'
import type { CompiledStatement } from '../../src/compile/compiled.js'
import { compileMysql, compilePostgres, compileSqlite } from '../../src/compile/index.js'

/*
 * Hand-built statement trees, so the compilers are tested on exactly the nodes they get,
 * independent of the builders.
 */

export const dialects = [
  ['postgres', compilePostgres],
  ['mysql', compileMysql],
  ['sqlite', compileSqlite],
] as const

export type DialectName = (typeof dialects)[number][0]

/** The SQL text of `node` on every dialect, or the error message where compiling fails. */
export function sqlOf(node: N.StatementNode): Record<DialectName, string> {
  const out = {} as Record<DialectName, string>
  for (const [name, compile] of dialects) {
    try {
      out[name] = compile(node).sql
    } catch (e) {
      out[name] = `ERROR: ${(e as Error).message}`
    }
  }
  return out
}

export function compiled(node: N.StatementNode): Record<DialectName, CompiledStatement> {
  return Object.fromEntries(dialects.map(([n, c]) => [n, c(node)])) as Record<
    DialectName,
    CompiledStatement
  >
}

export const col = (table: string | undefined, name: string): N.ColumnNode =>
  table === undefined ? { kind: 'Column', name } : { kind: 'Column', table, name }
export const val = (value: unknown): N.ValueNode => ({ kind: 'Value', value })
export const param = (name: string): N.ParamNode => ({ kind: 'Param', name })
export const bin = (op: N.BinaryOperator, left: N.ExprNode, right: N.ExprNode): N.BinaryNode => ({
  kind: 'Binary',
  op,
  left,
  right,
})
export const eq = (l: N.ExprNode, r: N.ExprNode) => bin('=', l, r)
export const and = (...items: N.ExprNode[]): N.LogicalNode => ({
  kind: 'Logical',
  op: 'and',
  items,
})
export const or = (...items: N.ExprNode[]): N.LogicalNode => ({ kind: 'Logical', op: 'or', items })
export const fn = (name: N.FunctionName, ...args: N.ExprNode[]): N.FunctionNode => ({
  kind: 'Function',
  name,
  args,
})
export const as = (expr: N.ExprNode, alias: string): N.AliasNode => ({ kind: 'Alias', expr, alias })
export const ref = (name: string, alias?: string): N.TableRefNode =>
  alias === undefined ? { kind: 'TableRef', name } : { kind: 'TableRef', name, alias }
export const order = (
  expr: N.ExprNode,
  direction: 'asc' | 'desc' = 'asc',
  nulls?: 'first' | 'last',
): N.OrderByNode =>
  nulls ? { kind: 'OrderBy', expr, direction, nulls } : { kind: 'OrderBy', expr, direction }

export function select(parts: Partial<N.SelectNode> = {}): N.SelectNode {
  return {
    kind: 'Select',
    distinct: false,
    columns: [],
    from: [],
    joins: [],
    groupBy: [],
    orderBy: [],
    ...parts,
  }
}

export function setOp(
  op: N.SetOperator,
  left: N.QueryNode,
  right: N.QueryNode,
  parts: Partial<N.SetOperationNode> = {},
): N.SetOperationNode {
  return { kind: 'SetOperation', op, left, right, orderBy: [], ...parts }
}
