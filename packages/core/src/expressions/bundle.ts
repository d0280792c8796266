import { CompileError } from '../errors/compile-error.js'
import type { Expression } from './expression.js'
import { isExpressionLike } from './operand.js'

/** The fields of a bundle: result property name -> expression. */
export type BundleFields = Readonly<Record<string, Expression<unknown>>>

/**
 * A named group of columns that becomes one nested object in each result row.
 *
 * @example
 * select(users.id, bundle({ street: addresses.street, city: addresses.city }))
 * // rows: [number, { street: string; city: string }]
 */
export class Bundle<F extends BundleFields> {
  declare readonly __bundle: F

  constructor(readonly fields: F) {}
}

/**
 * Groups labelled columns into one nested object of the result row.
 *
 * @example const [row] = await session.tuples(select(bundle({ id: users.id, email: users.email }))).all()
 */
export function bundle<const F extends BundleFields>(fields: F): Bundle<F> {
  const entries = Object.entries(fields)
  if (entries.length === 0) throw new CompileError('bundle() needs at least one field.')
  for (const [name, expr] of entries) {
    if (!isExpressionLike(expr)) {
      throw new CompileError(
        `bundle() field "${name}" is not a column or expression. Bind plain values with sql\`\${value}\` or param().`,
      )
    }
  }
  return new Bundle(Object.freeze({ ...fields }))
}
