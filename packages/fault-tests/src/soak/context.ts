import { bump, countError, type SoakCounts } from './counters.js'
import type { LedgerBook } from './ledger-book.js'
import type { Target } from './target.js'

/** What the sessions and faults of one adapter's soak share. */
export interface SoakContext {
  readonly target: Target
  readonly counts: SoakCounts
  readonly book: LedgerBook
}

/** Thrown by a session that means to roll back; not an error of the library. */
export class Discarded extends Error {
  override name = 'Discarded'
}

/** The errors of every run of a session: those `retry` hung on the final one, or itself. */
export function attemptsOf(error: unknown): readonly unknown[] {
  const attempts = (error as { attempts?: readonly unknown[] } | null)?.attempts
  return attempts ?? [error]
}

/** Runs one `db.begin` (whatever `run` does) and counts it as a session of `kind`. */
export async function counted<T>(
  ctx: SoakContext,
  kind: string,
  run: () => Promise<T>,
): Promise<T> {
  ctx.counts.sessions++
  bump(ctx.counts.sessionsByKind, kind)
  try {
    return await run()
  } catch (error) {
    for (const e of attemptsOf(error)) if (!(e instanceof Discarded)) countError(ctx.counts, e)
    throw error
  }
}

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
