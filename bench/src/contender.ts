import type { DatabaseId, Sizes, Target } from './config.js'
import type { NewUser } from './data.js'

/**
 * What a contender module implements for one database: each workload as one operation, written
 * the way a careful user of that library writes it. Operations return what the user gets (typed
 * objects), so mapping is part of the measured work. An operation may be synchronous when the
 * library offers a synchronous API for that driver.
 */
export interface WorkloadOps {
  /** The user with this primary key. */
  w1(id: number): unknown
  /** Users with from <= id <= to. */
  w2(from: number, to: number): unknown
  /** Every user. */
  w3(): unknown
  /** Inserts one user in its own transaction. */
  w4(row: NewUser): unknown
  /** Inserts these users in one transaction. */
  w5(rows: readonly NewUser[]): unknown
  /**
   * In one transaction, sets visits and score of users from..to and returns them
   * (RETURNING where the database has it on UPDATE; else update then select).
   */
  w6(from: number, to: number, visits: number, score: number): unknown
  /** The same insert for every parameter set, in one transaction. */
  w7(rows: readonly NewUser[]): unknown
  /** Posts from..to, each with its author: pairs of entities. */
  w8(from: number, to: number): unknown
  close(): Promise<void> | void
}

export interface ContenderContext {
  readonly db: DatabaseId
  readonly target: Target
  readonly sizes: Sizes
}

/** A contender module exports `open`. */
export type OpenContender = (context: ContenderContext) => Promise<WorkloadOps>
