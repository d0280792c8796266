/**
 * The bench data: deterministic rows, so every run and every contender reads the same table.
 * Writes go through `newUser`, which differs from the seed only in its text, so a written
 * row is as wide as a read one.
 */
export type NewUser = {
  readonly name: string
  readonly bio: string
  readonly visits: number
  readonly active: boolean
  readonly score: number
  readonly joined: Date
  readonly note: string | null
}

export interface NewPost {
  readonly author: number
  readonly title: string
  readonly body: string
  readonly published: boolean
  readonly created: Date
}

const epoch = Date.UTC(2020, 0, 1)
const bio = 'Writes SQL by hand, reads query plans for fun, and keeps a tidy schema.'

export function seedUser(id: number): NewUser {
  return {
    name: `user ${id}`,
    bio,
    visits: id % 1000,
    active: id % 3 !== 0,
    score: (id % 997) / 8,
    joined: new Date(epoch + id * 60_013),
    note: id % 2 === 0 ? `note ${id}` : null,
  }
}

export function seedPost(id: number, users: number): NewPost {
  return {
    author: ((id * 37) % users) + 1,
    title: `post ${id}`,
    body: 'A short body of text, long enough to be a realistic post preview line.',
    published: id % 2 === 0,
    created: new Date(epoch + id * 3_600_007),
  }
}

/** The k-th row a write workload inserts. */
export function newUser(k: number): NewUser {
  return {
    name: `new ${k}`,
    bio,
    visits: k % 100,
    active: k % 2 === 0,
    score: k / 4,
    joined: new Date(epoch + k * 1_000),
    note: k % 2 === 0 ? null : `new note ${k}`,
  }
}

/** Frozen, so a library that writes into its input fails loudly instead of skewing later runs. */
export function newUsers(count: number, from = 0): readonly NewUser[] {
  return Object.freeze(Array.from({ length: count }, (_, i) => Object.freeze(newUser(from + i))))
}

/**
 * How SQLite stores a timestamp in the bench tables: UTC text `YYYY-MM-DD HH:MM:SS.mmm`, the
 * form SQLite's date functions read and TypeORM and nakedsql write. Libraries that map SQLite
 * timestamps (TypeORM, nakedsql) parse it; the others hand users the string.
 */
export function sqliteTimestamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '')
}
