import { describe, expect, test } from 'vitest'
import { Trie, type TriePoint } from '../../src/ast/trie.js'

describe('the trie compile-cache keys are made of', () => {
  test('equal token sequences end at the same point, any other sequence elsewhere', () => {
    const trie = new Trie<string>()
    const shared = {}
    const path = (...tokens: unknown[]) =>
      tokens.reduce<TriePoint<string>>((at, t) => at.step(t), trie.root)
    const a = path('select', 1, shared)
    expect(path('select', 1, shared)).toBe(a)
    const others = [
      path('select', 1, {}),
      path('select', '1', shared),
      path('select', 2, shared),
      path('select', 1),
      path('select', 1, shared, undefined),
      path(1, 'select', shared),
    ]
    expect(new Set([a, ...others]).size).toBe(others.length + 1)
    // A point with many successors still finds each of them again.
    expect(path('select', 2, shared)).toBe(others[2])
    expect(path('select', '1', shared)).toBe(others[1])
  })

  test('counts its points, so its owner can bound it', () => {
    const trie = new Trie<string>()
    trie.root.step('a').step('b')
    trie.root.step('a').step('c')
    trie.root.step('a').step('b')
    expect(trie.points).toBe(3)
  })
})
