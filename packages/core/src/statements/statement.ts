import type { StatementNode } from '../ast/nodes.js'
import type { CompiledStatement } from '../compile/compiled.js'
import type { Dialect } from '../dialect/dialect.js'
import type { ResultShape } from '../result/shape.js'

/**
 * The base of every executable statement. A statement is immutable, so its compiled form
 * is cached per dialect: compiling it again costs a map lookup, not an AST walk.
 * `TRow` is the tuple each result row maps to.
 *
 * @example
 * const byId = select(users).where(eq(users.id, param('id')))
 * byId.compile(postgres) === byId.compile(postgres) // true
 */
export abstract class Statement<TRow extends readonly unknown[] = readonly unknown[]> {
  declare readonly __row: TRow
  #compiled: Map<Dialect, CompiledStatement> | undefined

  /** The statement tree. */
  abstract toNode(): StatementNode

  /** How returned columns map to the result tuple; undefined when nothing is returned. */
  abstract get shape(): ResultShape | undefined

  /** The SQL and parameter slots for `dialect`, compiled once and cached. */
  compile(dialect: Dialect): CompiledStatement {
    let cache = this.#compiled
    const hit = cache?.get(dialect)
    if (hit) return hit
    const compiled = dialect.compile(this.toNode(), this.shape)
    if (!cache) {
      cache = new Map()
      this.#compiled = cache
    }
    cache.set(dialect, compiled)
    return compiled
  }
}

/** The row tuple type of a statement. @example type R = RowOf<typeof q> */
export type StatementRow<S> = S extends Statement<infer R> ? R : never
