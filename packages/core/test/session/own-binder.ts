import type { CompiledStatement } from '../../src/compile/compiled.js'
import type { Dialect } from '../../src/dialect/dialect.js'
import { createBinder, ownValues, type Parameters } from '../../src/session/bind.js'

/** The binder of one compiled statement bound to that statement's own values. */
export function ownBinder(compiled: CompiledStatement, dialect: Dialect, maxParameters: number) {
  const { values, sources } = ownValues(compiled)
  const binder = createBinder(compiled, sources, dialect, maxParameters)
  return { bind: (parameters: Parameters | undefined) => binder.bind(parameters, values) }
}
