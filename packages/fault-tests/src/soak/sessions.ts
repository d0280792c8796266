import { CommitOutcomeUnknownError, NakedSqlError, sql } from '@nakedsql/core'
import { ACCOUNTS, type PlannedTransfer, snapshotRead, transfer } from '../bank.js'
import { counted, Discarded, pause, type SoakContext } from './context.js'
import { check } from './counters.js'
import { KV_KEYS } from './target.js'

/*
 * The mixed sessions of the soak: snapshot reads, writes, bank transfers (retried by a loop
 * that sees every error), savepoints rolled back, sessions rolled back, and sessions retried
 * by `db.begin`'s own `retry`.
 */

const key = () => 1 + Math.floor(Math.random() * KV_KEYS)

/** Two different keys. */
function twoKeys(): [number, number] {
  const a = key()
  return [a, 1 + ((a + Math.floor(Math.random() * (KV_KEYS - 1))) % KV_KEYS)]
}

async function read(ctx: SoakContext): Promise<void> {
  const bad = await counted(ctx, 'read', () =>
    snapshotRead(ctx.target.db, ctx.target.readIsolation),
  )
  check(ctx.counts, bad === undefined, () => `${ctx.target.name}: a snapshot read saw ${bad}`)
}

async function write(ctx: SoakContext): Promise<void> {
  // Sorted, so that writes never deadlock with each other: deadlocks are the faults' job.
  const keys = [...new Set([key(), key(), key()])].sort((a, b) => a - b)
  await counted(ctx, 'write', () =>
    ctx.target.db.begin(async (s) => {
      for (const k of keys) await s.execute(sql`UPDATE soak_kv SET v = v + 1 WHERE k = ${k}`)
    }),
  )
}

const ATTEMPTS = 8

async function bankTransfer(ctx: SoakContext): Promise<void> {
  const from = 1 + Math.floor(Math.random() * ACCOUNTS)
  const to = 1 + ((from + Math.floor(Math.random() * (ACCOUNTS - 1))) % ACCOUNTS)
  const t: PlannedTransfer = {
    id: ctx.book.open(),
    from,
    to,
    amount: 1 + Math.floor(Math.random() * 20),
    order: Math.random() < 0.5 ? [from, to] : [to, from],
  }
  const forUpdate = ctx.target.db.driver.dialect.name !== 'sqlite'
  const totals = ctx.counts.transfers
  for (let attempt = 1; ; attempt++) {
    try {
      const result = await counted(ctx, 'transfer', () =>
        ctx.target.db.begin((s) => transfer(s, t, forUpdate)),
      )
      ctx.book.settle(t.id, result === 'moved' ? 'committed' : 'insufficient')
      if (result === 'moved') totals.committed++
      else totals.insufficient++
      return
    } catch (error) {
      if (error instanceof CommitOutcomeUnknownError) {
        ctx.book.settle(t.id, 'unknown')
        totals.unknown++
        return
      }
      if (!(error instanceof NakedSqlError && error.retryable) || attempt >= ATTEMPTS) {
        ctx.book.settle(t.id, 'failed')
        totals.failed++
        return
      }
      ctx.counts.retries++
      await pause(Math.random() * Math.min(200, 5 * 2 ** attempt))
    }
  }
}

async function savepoint(ctx: SoakContext): Promise<void> {
  const [kept, dropped] = twoKeys()
  await counted(ctx, 'savepoint', () =>
    ctx.target.db.begin(async (s) => {
      await s.execute(sql`UPDATE soak_kv SET v = v + 1 WHERE k = ${kept}`)
      await s
        .savepoint(async (sp) => {
          await sp.execute(sql`UPDATE soak_kv SET v = -1 WHERE k = ${dropped}`)
          throw new Discarded()
        })
        .catch((error: unknown) => {
          if (!(error instanceof Discarded)) throw error
        })
      const v = (await s.scalars(sql<[unknown]>`SELECT v FROM soak_kv WHERE k = ${dropped}`)).one()
      check(
        ctx.counts,
        Number(v) >= 0,
        () => `${ctx.target.name}: after ROLLBACK TO SAVEPOINT key ${dropped} still holds ${v}`,
      )
    }),
  )
}

async function rollback(ctx: SoakContext): Promise<void> {
  const k = key()
  await counted(ctx, 'rollback', () =>
    ctx.target.db.begin(async (s) => {
      await s.execute(sql`UPDATE soak_kv SET v = -1 WHERE k = ${k}`)
      if (Math.random() < 0.5) await s.rollback()
      else throw new Discarded()
    }),
  ).catch((error: unknown) => {
    if (!(error instanceof Discarded)) throw error
  })
}

/** A read-modify-write at serializable on a few hot keys, left to `retry` to see through. */
export async function retried(ctx: SoakContext, k = 1 + Math.floor(Math.random() * 4)) {
  let runs = 0
  try {
    await counted(ctx, 'retry', () =>
      ctx.target.db.begin(
        async (s) => {
          runs++
          const v = (await s.scalars(sql<[unknown]>`SELECT v FROM soak_kv WHERE k = ${k}`)).one()
          await s.execute(sql`UPDATE soak_kv SET v = ${Number(v) + 1} WHERE k = ${k}`)
        },
        { retry: true, isolationLevel: 'serializable' },
      ),
    )
  } catch (error) {
    runs = Math.max(runs, (error as { attempts?: unknown[] }).attempts?.length ?? 1)
    throw error
  } finally {
    ctx.counts.retries += Math.max(0, runs - 1)
  }
}

const KINDS: readonly [(ctx: SoakContext) => Promise<void>, number][] = [
  [read, 25],
  [write, 20],
  [bankTransfer, 35],
  [savepoint, 8],
  [rollback, 7],
  [retried, 5],
]
const TOTAL_WEIGHT = KINDS.reduce((sum, [, weight]) => sum + weight, 0)

/** One session of a kind drawn by weight. */
export function oneSession(ctx: SoakContext): Promise<void> {
  let draw = Math.random() * TOTAL_WEIGHT
  for (const [run, weight] of KINDS) {
    draw -= weight
    if (draw < 0) return run(ctx)
  }
  return read(ctx)
}
