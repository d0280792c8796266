/*
 * The tries the compile cache keys statements by: compile/shape-index.ts walks a statement's
 * tree through one, statements/build-key.ts steps through another as a statement is built.
 * A point stands for one sequence of tokens, so equal sequences end at the same object.
 * Tokens compare as Map keys do (by identity for objects).
 */

/** A trie: its root and how many points it holds, which its owner bounds. */
export class Trie<T> {
  points = 0
  readonly root: TriePoint<T> = new TriePoint<T>(this)
}

/** One point of a trie. Most points have one successor, kept without a Map. */
export class TriePoint<T> {
  /** The first successor's token, and that successor (read directly on hot paths). */
  token: unknown = undefined
  next: TriePoint<T> | undefined = undefined
  others: Map<unknown, TriePoint<T>> | undefined = undefined
  /** What the trie's owner keeps for the sequence that ends here. */
  entry: T | undefined = undefined
  readonly #trie: Trie<T>

  constructor(trie: Trie<T>) {
    this.#trie = trie
  }

  /**
   * The point after one more token, made on first use.
   *
   * @example
   * const trie = new Trie<string>()
   * trie.root.step('a').step(1) === trie.root.step('a').step(1) // true
   */
  step(token: unknown): TriePoint<T> {
    if (this.next !== undefined && this.token === token) return this.next
    let next = this.others?.get(token)
    if (next === undefined) {
      next = new TriePoint<T>(this.#trie)
      this.#trie.points++
      if (this.next === undefined) {
        this.token = token
        this.next = next
      } else {
        this.others ??= new Map()
        this.others.set(token, next)
      }
    }
    return next
  }
}
