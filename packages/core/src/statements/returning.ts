import type { SelectItemNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ResultShape } from '../result/shape.js'
import { checkItems, qualifiersOf, type SelectItem, selectList } from './items.js'

/** The returning list of an insert/update/delete, checked against the relations it may read. */
export function returningList(
  items: readonly SelectItem[],
  scope: readonly string[],
  statement: string,
): { readonly nodes: readonly SelectItemNode[]; readonly shape: ResultShape } {
  if (items.length === 0)
    throw new CompileError(`${statement}.returning() needs at least one item.`)
  checkItems(items, 'returning()')
  for (const { name, what } of qualifiersOf(items)) {
    if (!scope.includes(name)) {
      throw new CompileError(
        `${statement}.returning() reads ${what}, but the statement only reads ${scope.join(', ')}. Return columns of those tables.`,
      )
    }
  }
  return selectList(items, new Set())
}
