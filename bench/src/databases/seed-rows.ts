import type { Sizes } from '../config.js'
import { seedPost, seedUser } from '../data.js'

/** Seed rows as positional values, in `userColumns` / `postColumns` order. */
export function* userChunks(
  sizes: Sizes,
  encode: (value: unknown) => unknown,
  chunk = 1000,
): Generator<unknown[][]> {
  for (let start = 1; start <= sizes.users; start += chunk) {
    const rows: unknown[][] = []
    for (let id = start; id < Math.min(start + chunk, sizes.users + 1); id++) {
      const u = seedUser(id)
      rows.push([id, u.name, u.bio, u.visits, u.active, u.score, u.joined, u.note].map(encode))
    }
    yield rows
  }
}

export function* postChunks(
  sizes: Sizes,
  encode: (value: unknown) => unknown,
  chunk = 1000,
): Generator<unknown[][]> {
  for (let start = 1; start <= sizes.posts; start += chunk) {
    const rows: unknown[][] = []
    for (let id = start; id < Math.min(start + chunk, sizes.posts + 1); id++) {
      const p = seedPost(id, sizes.users)
      rows.push([id, p.author, p.title, p.body, p.published, p.created].map(encode))
    }
    yield rows
  }
}

/** `(?, ?), (?, ?)` or `($1, $2), ($3, $4)` for a multi-row insert. */
export function valuesList(rows: number, columns: number, numbered: boolean): string {
  const groups: string[] = []
  let n = 0
  for (let r = 0; r < rows; r++) {
    const marks: string[] = []
    for (let c = 0; c < columns; c++) marks.push(numbered ? `$${++n}` : '?')
    groups.push(`(${marks.join(', ')})`)
  }
  return groups.join(', ')
}
