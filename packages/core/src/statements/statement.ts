import type { StatementNode, ValueNode } from '../ast/nodes.js'
import type { CompiledStatement } from '../compile/compiled.js'
import type { Dialect } from '../dialect/dialect.js'
import type { ResultShape } from '../result/shape.js'
import { type BuildKey, type Keyed, UNKEYED } from './build-key.js'

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
  /** The first dialect's compiled form, kept without a map: most statements meet one dialect. */
  #dialect: Dialect | undefined
  #first: CompiledStatement | undefined
  #others: Map<Dialect, CompiledStatement> | undefined
  #memoOwner: object | undefined
  #memo: unknown

  /** The statement tree. */
  abstract toNode(): StatementNode

  /** How returned columns map to the result tuple; undefined when nothing is returned. */
  abstract get shape(): ResultShape | undefined

  /** The builder state's key and value nodes; a statement its builders do not key has none. */
  protected get keyed(): Keyed {
    return UNKEYED
  }

  /**
   * @internal The compile-cache key the builders made (statements/build-key.ts): statements
   * with the same key compile to the same SQL. Undefined when the executor must walk the tree.
   */
  get buildKey(): BuildKey | undefined {
    return this.keyed.key
  }

  /** @internal The value nodes of `buildKey`, in the order of its steps. */
  get keyValues(): readonly ValueNode[] {
    return this.keyed.keyValues
  }

  /** The SQL and parameter slots for `dialect`, compiled once and cached. */
  compile(dialect: Dialect): CompiledStatement {
    if (this.#dialect === dialect) return this.#first!
    const hit = this.#others?.get(dialect)
    if (hit) return hit
    const compiled = dialect.compile(this.toNode(), this.shape)
    if (this.#dialect === undefined) {
      this.#dialect = dialect
      this.#first = compiled
    } else {
      if (this.#others === undefined) this.#others = new Map()
      this.#others.set(dialect, compiled)
    }
    return compiled
  }

  /**
   * The value `owner` keeps for this statement (a session factory keeps its plan here), or
   * undefined. One owner at a time: statements are usually run by one factory.
   *
   * @example
   * statement.memo(executor) ?? statement.remember(executor, planFor(statement))
   */
  memo(owner: object): unknown {
    return this.#memoOwner === owner ? this.#memo : undefined
  }

  /** Keeps `value` for `owner`, replacing what another owner kept; returns it. */
  remember<T>(owner: object, value: T): T {
    this.#memoOwner = owner
    this.#memo = value
    return value
  }
}

/** The row tuple type of a statement. @example type R = RowOf<typeof q> */
export type StatementRow<S> = S extends Statement<infer R> ? R : never
