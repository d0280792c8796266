import {
  CommitOutcomeUnknownError,
  insert,
  integer,
  NakedSqlError,
  type SessionFactory,
  sql,
  table,
} from '@nakedsql/core'
import { expect } from 'vitest'
import { within } from './databases.js'
import { acceptingAt } from './private-servers.js'

/*
 * Sessions running through a server restart: 20 loops of one-insert sessions, the server
 * taken down and started again while they run, every outcome recorded per id so the table
 * can be checked against what the library acknowledged.
 */

export const acked = table('acked', {
  id: integer().primaryKey(),
})

export const LOOPS = 20

export interface RestartTarget {
  readonly db: SessionFactory
  /** Takes the server down; resolves once it no longer runs. */
  down(): Promise<void>
  /** Starts it again without waiting for it to accept connections. */
  up(): Promise<void> | void
  /** One raw connection, opened and closed: succeeds once the server accepts connections. */
  connectOnce(): Promise<void>
}

export interface RestartRun {
  readonly sessions: number
  readonly committed: readonly number[]
  /** Failed sessions whose error says nothing was committed. */
  readonly definite: readonly { readonly id: number; readonly error: unknown }[]
  readonly unknown: readonly { readonly id: number; readonly error: unknown }[]
  /** From the raw client's first connection to the first session that committed after the restart. */
  readonly firstSuccessMs: number
  /** How long the server took from down to accepting connections. */
  readonly downMs: number
  /** Failures counted by class/phase/code. */
  readonly kinds: ReadonlyMap<string, number>
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function runThroughRestart(target: RestartTarget): Promise<RestartRun> {
  const { db } = target
  const committed: number[] = []
  const definite: { id: number; error: unknown }[] = []
  const unknown: { id: number; error: unknown }[] = []
  const kinds = new Map<string, number>()
  let nextId = 1
  let running = true
  let downAt = Number.POSITIVE_INFINITY
  let firstSuccessAt: number | undefined

  const succeeded = (startedAt: number) => {
    // A session opened after the old server was gone can only have used the new one.
    if (startedAt > downAt && firstSuccessAt === undefined) firstSuccessAt = Date.now()
  }
  const failed = (id: number | undefined, error: unknown) => {
    const kind =
      error instanceof NakedSqlError
        ? `${error.constructor.name}/${error.phase}/${error.code}`
        : `unclassified ${String(error)}`
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1)
    if (id === undefined) return
    if (error instanceof CommitOutcomeUnknownError) unknown.push({ id, error })
    else definite.push({ id, error })
  }

  const loop = async () => {
    while (running) {
      const id = nextId++
      const startedAt = Date.now()
      try {
        await db.begin(async (s) => {
          await s.execute(insert(acked).values({ id }))
        })
        committed.push(id)
        succeeded(startedAt)
      } catch (error) {
        failed(id, error)
        // While the server is down every session fails at once; without a pause 20 loops would
        // spin the CPU the other test files share.
        await pause(10)
      }
    }
  }
  // Retries as fast as the event loop allows, so its first success marks when the factory
  // serves sessions again, not when one of the pausing loops happened to try.
  const probe = async () => {
    while (firstSuccessAt === undefined && running) {
      const startedAt = Date.now()
      try {
        await db.begin(async (s) => {
          await s.execute(sql`SELECT 1`)
        })
        succeeded(startedAt)
      } catch (error) {
        failed(undefined, error)
        await pause(1)
      }
    }
  }

  const loops = Array.from({ length: LOOPS }, loop)
  let probing: Promise<void> = Promise.resolve()
  try {
    const warm = Date.now() + 5000
    while (committed.length < 100 && Date.now() < warm) await pause(10)
    if (committed.length < 100) throw new Error(`only ${committed.length} commits before restart`)

    const stopping = Date.now()
    await target.down()
    downAt = Date.now()
    probing = probe()
    // Polling from before the start, at the probe's pace, so neither gets a head start.
    const accepting = acceptingAt(target.connectOnce, 20_000, 'restarted server')
    await target.up()
    const acceptedAt = await accepting
    const deadline = acceptedAt + 5000
    while (firstSuccessAt === undefined && Date.now() < deadline) await pause(5)
    // A little traffic on the new server too, through connections opened after the restart.
    await pause(300)
    running = false
    // Every session must end: a hang here is a failure, not a stuck suite.
    await within(Promise.all([...loops, probing]), 15_000, 'the sessions running at the restart')
    if (firstSuccessAt === undefined) {
      throw new Error(`no session succeeded within 5000 ms of the server accepting connections`)
    }
    return {
      sessions: nextId - 1,
      committed,
      definite,
      unknown,
      firstSuccessMs: firstSuccessAt - acceptedAt,
      downMs: acceptedAt - stopping,
      kinds,
    }
  } finally {
    // Not awaited: a session that hangs has already failed the run through within().
    running = false
  }
}

/** The one-line summary each restart test prints; `present` is the table read after the run. */
export function summary(label: string, run: RestartRun, present: ReadonlySet<number>): string {
  const kinds = [...run.kinds].map(([kind, n]) => `${kind} x${n}`).join(', ')
  const unknownCommitted = run.unknown.filter((u) => present.has(u.id)).length
  return (
    `[fault-tests] ${label}: sessions ${run.sessions}, committed ${run.committed.length}, ` +
    `definite failures ${run.definite.length}, unknown ${run.unknown.length} ` +
    `(${unknownCommitted} of them committed), first success ${run.firstSuccessMs} ms after accept ` +
    `(restart took ${run.downMs} ms; ${kinds})`
  )
}

const PHASES = new Set(['acquire', 'begin', 'statement', 'commit', 'rollback', 'close'])

/** What a run broke, each list empty when the run kept every promise. */
export function breaches(run: RestartRun, present: ReadonlySet<number>) {
  return {
    /** Rejections that are not a NakedSqlError with a code and a session phase. */
    unclassified: [...run.definite, ...run.unknown]
      .map((f) => f.error)
      .filter(
        (e) => !(e instanceof NakedSqlError) || typeof e.code !== 'string' || !PHASES.has(e.phase),
      )
      .concat([...run.kinds.keys()].filter((k) => k.startsWith('unclassified'))),
    /** Acknowledged commits the restarted server does not have. */
    lostCommits: run.committed.filter((id) => !present.has(id)),
    /** Sessions that failed with a definite error yet left their row. */
    writtenByFailed: run.definite.filter((f) => present.has(f.id)).map((f) => f.id),
  }
}

/**
 * What a restart must leave behind: every error classified, every acknowledged commit
 * present, nothing of a definitely failed session written, at most one unknown outcome per
 * pooled connection (only a session holding one can be at COMMIT when the server goes), and
 * a new session through the same factory within a second of the server accepting again.
 */
export function expectRestartHeld(
  label: string,
  run: RestartRun,
  present: ReadonlySet<number>,
  poolMax: number,
): void {
  console.log(summary(label, run, present))
  expect(breaches(run, present)).toEqual({
    unclassified: [],
    lostCommits: [],
    writtenByFailed: [],
  })
  expect(run.unknown.length).toBeLessThanOrEqual(poolMax)
  expect(run.definite.length + run.unknown.length).toBeGreaterThan(0)
  expect(run.sessions).toBeGreaterThan(LOOPS)
  expect(run.firstSuccessMs).toBeLessThan(1000)
}
