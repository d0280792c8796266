/*
 * Objects made once per schema object and shared by every statement that uses it: a column's
 * node, a table's FROM reference, its entity select list and result shape, column types.
 * They are frozen and hold no bound value, so the compile cache (compile/shape-index.ts)
 * stands for one by its identity instead of walking it on every statement.
 */
const LONG_LIVED = new WeakSet<object>()

/** Marks a frozen, value-free object as shared; returns it. */
export function longLived<T extends object>(x: T): T {
  if (!Object.isFrozen(x))
    throw new TypeError('Internal error: only a frozen object can be shared.')
  LONG_LIVED.add(x)
  return x
}

/** Whether `x` was marked by {@link longLived}. */
export function isLongLived(x: object): boolean {
  return LONG_LIVED.has(x)
}
