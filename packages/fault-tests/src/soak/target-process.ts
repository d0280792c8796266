import { NakedSqlError } from '@nakedsql/core'
import { checkBank } from './check-bank.js'
import { Discarded, pause, type SoakContext } from './context.js'
import { bump, check, emptyCounts, type SoakCounts } from './counters.js'
import { LedgerBook } from './ledger-book.js'
import { sampleConnections, settledHeap } from './monitor.js'
import { oneSession } from './sessions.js'
import type { TargetName } from './target.js'
import { openTarget } from './targets.js'

/*
 * One adapter's soak, in a process of its own (src/soak/main.ts starts one per adapter) so
 * that its heap is its own and a blocking SQLite busy wait stalls no other adapter.
 * Arguments: the adapter, the duration and the warm-up in ms. Sends its figures to the
 * parent over IPC and prints nothing.
 */

export interface TargetResult {
  readonly target: TargetName
  readonly counts: SoakCounts
  /** heapUsed after warm-up and at the end, in bytes. */
  readonly heap: { readonly warm: number; readonly end: number }
  readonly connections: { readonly max: number; readonly pool: number; readonly over: number }
}

const [name, duration, warmup] = process.argv.slice(2)
const durationMs = Number(duration)
const warmupMs = Number(warmup)

const FAULT_EVERY_MS: readonly [number, number] = [300, 1000]
const CHECK_EVERY_MS = 5000

const target = await openTarget(name as TargetName)
const ctx: SoakContext = { target, counts: emptyCounts(), book: new LedgerBook() }
const { counts } = ctx
const faults = Object.entries(target.faults(ctx))
const connections = sampleConnections(target.db, target.poolSize)
let running = true

/** An error that is not the library's is a bug somewhere, so it breaks an invariant. */
function unexpected(error: unknown): void {
  check(
    counts,
    error instanceof NakedSqlError || error instanceof Discarded,
    () => `${target.name}: an error that is not a NakedSqlError: ${String(error)}`,
  )
}

async function sessions(): Promise<void> {
  while (running) {
    await oneSession(ctx).catch(unexpected)
    // A think time: it also lets timers run when a driver answers without real I/O.
    await pause(Math.random() * 4)
  }
}

async function injectFaults(): Promise<void> {
  const [low, high] = FAULT_EVERY_MS
  while (running) {
    await pause(low + Math.random() * (high - low))
    if (!running) return
    const [kind, fire] = faults[Math.floor(Math.random() * faults.length)]!
    try {
      if (await fire()) bump(counts.faults, kind)
    } catch (error) {
      unexpected(error)
    }
  }
}

async function checks(): Promise<void> {
  while (running) {
    await pause(CHECK_EVERY_MS)
    if (running) await checkBank(ctx)
  }
}

const work = [...Array.from({ length: target.concurrency }, sessions), injectFaults(), checks()]
await pause(warmupMs)
const warm = settledHeap()
await pause(durationMs - warmupMs)
running = false
await Promise.all(work)

// The final check runs with no fault left; it must get through.
let finalRead = false
for (let attempt = 0; attempt < 5 && !finalRead; attempt++) finalRead = await checkBank(ctx)
check(counts, finalRead, () => `${target.name}: the final check could not read the database`)

const end = settledHeap()
connections.stop()
await target.close()
const result: TargetResult = {
  target: target.name,
  counts,
  heap: { warm, end },
  connections: { max: connections.max(), pool: target.poolSize, over: connections.over() },
}
process.send!(result, () => process.disconnect())
