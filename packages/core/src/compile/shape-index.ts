import { isLongLived } from '../ast/long-lived.js'
import type { StatementNode, ValueNode } from '../ast/nodes.js'
import { Trie, type TriePoint } from '../ast/trie.js'
import type { ResultShape } from '../result/shape.js'

/*
 * The compile cache keyed by statement shape. Statements built per call differ only in the
 * values they carry, so they compile to the same SQL: the index walks a statement tree, takes
 * its values out (in walk order) and finds the entry of every statement with the same tree
 * around those values. The walk is generic over the plain objects the tree is made of,
 * so a field added to a node is part of the key without a change here; objects shared through
 * the schema (ast/long-lived.ts) count by identity, anything else that is not plain data
 * (functions, class instances) by identity too.
 */

/** Tokens that cannot be confused with a key, a string value or a number. */
const OBJECT = Symbol('object')
const END = Symbol('end')
const ARRAY = Symbol('array')
const VALUE = Symbol('value')
const GENERATED = Symbol('generated')
const NO_SHAPE = Symbol('no shape')

/** Bounds the index: shapes made up per call (IN lists of every length) must not grow it forever. */
const MAX_POINTS = 50_000

/** Past this many values, the scratch array is let go instead of kept. */
const MAX_KEPT_VALUES = 1024

/** Where a statement's key ends: read `entry`, or set it after compiling on a miss. */
export interface ShapeSlot<T> {
  entry: T | undefined
}

/**
 * Entries by statement shape.
 *
 * @example
 * const slot = index.find(statement.toNode(), statement.shape, undefined)
 * const values = index.takeValues()
 * slot.entry ??= compileOnce(statement)
 */
export class ShapeIndex<T> {
  #trie = new Trie<T>()
  #at: TriePoint<T> = this.#trie.root
  /**
   * The values of the last walk, written by index into an array that is kept: an array made
   * per walk and grown by push costs more than the rest of the walk on a one-row lookup.
   */
  readonly #values: unknown[] = []
  #count = 0
  #nodes: ValueNode[] | undefined

  /**
   * Walks `node` and `shape`. Keeps the statement's bound values in walk order (a value made
   * by a column's `defaultFn` as that function) for {@link takeValues}, and appends their
   * nodes to `nodes` when given, so a miss can map compiled slots to walk positions.
   */
  find(
    node: StatementNode,
    shape: ResultShape | undefined,
    nodes: ValueNode[] | undefined,
  ): ShapeSlot<T> {
    if (this.#trie.points > MAX_POINTS) this.#trie = new Trie<T>()
    this.#at = this.#trie.root
    this.#count = 0
    this.#nodes = nodes
    this.#object(node)
    if (shape === undefined) this.#step(NO_SHAPE)
    else this.#any(shape)
    const slot = this.#at
    this.#nodes = undefined
    return slot
  }

  /**
   * The values of the last walk, as an array of their own; the index lets go of them, so a
   * large value is not kept alive by the cache.
   */
  takeValues(): unknown[] {
    const count = this.#count
    const scratch = this.#values
    const values = new Array<unknown>(count)
    for (let i = 0; i < count; i++) {
      values[i] = scratch[i]
      scratch[i] = undefined
    }
    // A many-row insert would otherwise leave its length of empty slots behind.
    if (count > MAX_KEPT_VALUES) scratch.length = 0
    this.#count = 0
    return values
  }

  #step(token: unknown): void {
    this.#at = this.#at.step(token)
  }

  #any(x: unknown): void {
    if (typeof x === 'object' && x !== null) this.#object(x)
    else this.#step(x)
  }

  #object(x: object): void {
    // Only objects that count by identity are ever a step's token, so meeting this one here
    // again needs no long-lived lookup (a WeakSet probe, the walk's largest cost).
    const at = this.#at
    if (at.token === x && at.next !== undefined) {
      this.#at = at.next
      return
    }
    if (isLongLived(x)) {
      this.#step(x)
      return
    }
    if (Array.isArray(x)) {
      this.#step(ARRAY)
      this.#step(x.length)
      for (let i = 0; i < x.length; i++) this.#any(x[i])
      return
    }
    const proto = Object.getPrototypeOf(x)
    if (proto !== Object.prototype && proto !== null) {
      this.#step(x)
      return
    }
    const record = x as Record<string, unknown>
    if (record.kind === 'Value') {
      this.#value(x as ValueNode)
      return
    }
    this.#step(OBJECT)
    for (const key in record) {
      this.#step(key)
      this.#any(record[key])
    }
    this.#step(END)
  }

  /** A bound value: its type and whether a function makes it count, the value does not. */
  #value(node: ValueNode): void {
    this.#step(VALUE)
    this.#any(node.type)
    if (node.generate === undefined) {
      this.#values[this.#count++] = node.value
    } else {
      this.#step(GENERATED)
      this.#values[this.#count++] = node.generate
    }
    this.#nodes?.push(node)
  }
}
