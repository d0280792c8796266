import type { ParamNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Expression } from '../expressions/expression.js'

/**
 * A named placeholder whose value is given when the statement runs, so one statement object
 * is compiled once and executed with many values. Compared with or assigned to a column,
 * the placeholder takes that column's type, and its value is encoded by that type's codec.
 *
 * @example
 * const byEmail = select(users).where(eq(users.email, param<string>('email')))
 * await session.scalars(byEmail, { email: 'a@b.c' }).one()
 */
export class Param<T> extends Expression<T> {
  declare readonly node: ParamNode
}

/**
 * Creates a named placeholder. `T` is the type of the value given at execute time.
 *
 * @example update(users).set({ name: param<string>('name') }).where(eq(users.id, param<number>('id')))
 */
export function param<T = unknown>(name: string): Param<T> {
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CompileError(
      `param() names are identifiers (letters, digits, underscore; not starting with a digit), got ${JSON.stringify(name)}.`,
    )
  }
  return new Param<T>(Object.freeze({ kind: 'Param', name }))
}
