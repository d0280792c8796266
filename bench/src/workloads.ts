import type { DatabaseId, Sizes } from './config.js'
import type { WorkloadOps } from './contender.js'
import { type NewUser, newUsers } from './data.js'

export const workloadIds = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6', 'W7', 'W8'] as const
export type WorkloadId = (typeof workloadIds)[number]

const count = (n: number) => n.toLocaleString('en-US')

/** What each workload does, with the counts of this run. */
export function workloadTitle(id: WorkloadId, sizes: Sizes): string {
  switch (id) {
    case 'W1':
      return 'one row by primary key'
    case 'W2':
      return `${count(sizes.w2Rows)} rows by key range`
    case 'W3':
      return `all ${count(sizes.users)} rows`
    case 'W4':
      return 'insert one row, own transaction'
    case 'W5':
      return `insert ${count(sizes.w5Rows)} rows, one transaction`
    case 'W6':
      return `update ${count(sizes.w6Rows)} rows returning them`
    case 'W7':
      return `one insert, ${count(sizes.w7Sets)} parameter sets`
    case 'W8':
      return `join: ${count(sizes.w8Pairs)} (post, author) pairs`
  }
}

/** A label short enough for a chart column. */
export function workloadShortTitle(id: WorkloadId, sizes: Sizes): string {
  const short = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n))
  switch (id) {
    case 'W1':
      return 'by key'
    case 'W2':
      return `${short(sizes.w2Rows)} rows`
    case 'W3':
      return `all ${short(sizes.users)}`
    case 'W4':
      return 'insert 1'
    case 'W5':
      return `insert ${short(sizes.w5Rows)}`
    case 'W6':
      return `update ${sizes.w6Rows}`
    case 'W7':
      return `${short(sizes.w7Sets)} param sets`
    case 'W8':
      return `join ${short(sizes.w8Pairs)} pairs`
  }
}

/** Writes insert rows that the harness deletes after the cell, outside the timed section. */
export const insertsRows: Record<WorkloadId, (sizes: Sizes) => number> = {
  W1: () => 0,
  W2: () => 0,
  W3: () => 0,
  W4: () => 1,
  W5: (s) => s.w5Rows,
  W6: () => 0,
  W7: (s) => s.w7Sets,
  W8: () => 0,
}

/** One workload bound to a contender: `run(k)` performs the k-th operation. */
export interface BoundWorkload {
  run(k: number): unknown
  /** Checks one result; returns what is wrong, or undefined. */
  check(result: unknown, k: number): string | undefined
}

/** Spreads k over the key space so consecutive operations do not read the same rows. */
function start(k: number, keys: number, width: number): number {
  return 1 + ((k * 7919) % (keys - width + 1))
}

function expectLength(result: unknown, length: number): string | undefined {
  if (!Array.isArray(result)) return `expected an array, got ${typeof result}`
  return result.length === length ? undefined : `expected ${length} items, got ${result.length}`
}

export function bindWorkload(id: WorkloadId, ops: WorkloadOps, sizes: Sizes): BoundWorkload {
  const { users, posts } = sizes
  switch (id) {
    case 'W1':
      return {
        run: (k) => ops.w1(start(k, users, 1)),
        check: (result, k) => {
          const row = result as { id?: unknown } | undefined
          return row?.id === start(k, users, 1) ? undefined : `expected user ${start(k, users, 1)}`
        },
      }
    case 'W2':
      return {
        run: (k) => {
          const from = start(k, users, sizes.w2Rows)
          return ops.w2(from, from + sizes.w2Rows - 1)
        },
        check: (result) => expectLength(result, sizes.w2Rows),
      }
    case 'W3':
      return { run: () => ops.w3(), check: (result) => expectLength(result, users) }
    case 'W4': {
      const rows = newUsers(64)
      return { run: (k) => ops.w4(rows[k % rows.length] as NewUser), check: () => undefined }
    }
    case 'W5': {
      const batches = [newUsers(sizes.w5Rows, 0), newUsers(sizes.w5Rows, sizes.w5Rows)]
      return { run: (k) => ops.w5(batches[k % 2]!), check: () => undefined }
    }
    case 'W6':
      return {
        run: (k) => {
          const from = start(k, users, sizes.w6Rows)
          return ops.w6(from, from + sizes.w6Rows - 1, k % 1000, k / 2)
        },
        check: (result) => expectLength(result, sizes.w6Rows),
      }
    case 'W7': {
      const sets = [newUsers(sizes.w7Sets, 0), newUsers(sizes.w7Sets, sizes.w7Sets)]
      return { run: (k) => ops.w7(sets[k % 2]!), check: () => undefined }
    }
    case 'W8':
      return {
        run: (k) => {
          const from = start(k, posts, sizes.w8Pairs)
          return ops.w8(from, from + sizes.w8Pairs - 1)
        },
        check: (result) => expectLength(result, sizes.w8Pairs),
      }
  }
}

/** MariaDB has RETURNING on INSERT and DELETE but not on UPDATE. */
export function updateReturns(db: DatabaseId): boolean {
  return db !== 'mysql'
}
