import {
  CheckViolationError,
  DeadlockError,
  QueryTimeoutError,
  type SqlFragment,
  sql,
} from '@nakedsql/core'
import { deferred, settle } from '../deferred.js'
import { counted, type SoakContext } from './context.js'
import { retried } from './sessions.js'
import { DEADLOCK_KEYS, KV_KEYS } from './target.js'

/*
 * Faults every adapter of a kind can take, made of sessions: a statement past its timeout,
 * a deadlock between two sessions, a statement aborted partway. Each resolves to whether
 * the fault took effect (a kill elsewhere may have ended the session first).
 */

/** A session that holds a row lock and then sleeps past its statement timeout. */
export function timeoutFault(ctx: SoakContext, sleep: SqlFragment) {
  return async (): Promise<boolean> => {
    const k = 1 + Math.floor(Math.random() * KV_KEYS)
    const outcome = await settle(
      counted(ctx, 'timeout', () =>
        ctx.target.db.begin(
          async (s) => {
            await s.execute(sql`UPDATE soak_kv SET v = v + 1 WHERE k = ${k}`)
            await s.execute(sleep)
          },
          { timeoutMs: 50 },
        ),
      ),
    )
    return !outcome.ok && outcome.error instanceof QueryTimeoutError
  }
}

const BARRIER_MS = 2000

/**
 * Two sessions that lock the deadlock rows in opposite orders, each waiting for the other
 * to hold its first row. The victim is run again with `retry`, as an application would.
 */
export function deadlockFault(ctx: SoakContext) {
  return async (): Promise<boolean> => {
    const both = deferred()
    let holding = 0
    const side = (first: number, second: number) =>
      counted(ctx, 'deadlock', () =>
        ctx.target.db.begin(async (s) => {
          await s.execute(sql`UPDATE soak_kv SET v = v + 1 WHERE k = ${first}`)
          if (++holding === 2) both.resolve()
          // The other side may never come (killed, or waiting for a connection): go on.
          await Promise.race([both.promise, new Promise((r) => setTimeout(r, BARRIER_MS))])
          await s.execute(sql`UPDATE soak_kv SET v = v + 1 WHERE k = ${second}`)
        }),
      )
    const [a, b] = DEADLOCK_KEYS
    const outcomes = await Promise.all([settle(side(a, b)), settle(side(b, a))])
    const victims = outcomes.filter((o) => !o.ok && o.error instanceof DeadlockError).length
    for (let i = 0; i < victims; i++) await retried(ctx, a).catch(() => undefined)
    return victims > 0
  }
}

/**
 * An UPDATE of every row that fails on its last one (the sentinel's CHECK) after changing
 * the others. SQLite gives JavaScript no way to interrupt a running statement (both drivers
 * run it on the calling thread, and neither exposes sqlite3_interrupt), so this is the
 * interrupted statement: one stopped partway, whose changes must all be undone.
 */
export function abortFault(ctx: SoakContext) {
  return async (): Promise<boolean> => {
    const outcome = await settle(
      counted(ctx, 'abort', () =>
        ctx.target.db.begin(async (s) => {
          await s.execute(sql`UPDATE soak_kv SET v = v + 1`)
        }),
      ),
    )
    return !outcome.ok && outcome.error instanceof CheckViolationError
  }
}
