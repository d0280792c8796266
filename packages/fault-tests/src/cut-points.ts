import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  createSessionFactory,
  type Driver,
  eq,
  insert,
  integer,
  NakedSqlError,
  type SessionFactory,
  select,
  table,
  varchar,
} from '@nakedsql/core'
import { within } from './databases.js'
import { FaultProxy, type MessageEvent, type Protocol } from './proxy.js'

/*
 * Cut-point runs: record the messages of a canonical session through the proxy, then run
 * the same session once per cut point (before and after every message, both directions)
 * and compare its outcome with the one fixed by where the cut falls relative to COMMIT.
 */

export const cutRows = table('cut_rows', {
  id: integer().primaryKey(),
  note: varchar(40).notNull(),
})

/** What the session does after inserting and reading its row. */
export type SessionKind = 'commit' | 'throw' | 'rollback'

export interface CutTarget {
  readonly protocol: Protocol
  readonly server: { readonly host: string; readonly port: number }
  /** A one-connection driver through the proxy's port. */
  driver(port: number): Driver
  rowExists(id: number): Promise<boolean>
}

/** The outcome a cut point must produce. */
export type Expected =
  /** A classified error that is not of unknown outcome; nothing written. */
  | 'definite'
  /** CommitOutcomeUnknownError, phase commit; the row may or may not exist. */
  | 'unknown'
  /** Resolves; for a committing session the row exists. */
  | 'success'
  /** BEGIN itself failed: a ConnectionLostError of phase begin, the callback never ran. */
  | 'begin'
  /** The callback's own error; nothing written. */
  | 'callback'

export interface CutPoint {
  readonly event: MessageEvent
  readonly position: number
  readonly when: 'before' | 'after'
}

export interface CutResult {
  readonly point: CutPoint
  readonly expected: Expected
  readonly ok: boolean
  readonly error: unknown
  readonly rowExists: boolean
  /** Why the outcome does not match, or undefined when it does. */
  readonly mismatch: string | undefined
}

export class CallbackFailure extends Error {
  constructor() {
    super('the callback gave up')
  }
}

async function runSession(db: SessionFactory, kind: SessionKind, id: number): Promise<void> {
  const work = async (s: Parameters<Parameters<SessionFactory['begin']>[0]>[0]) => {
    await s.execute(insert(cutRows).values({ id, note: `row ${id}` }))
    return (await s.scalars(select(cutRows.id).from(cutRows).where(eq(cutRows.id, id)))).one()
  }
  if (kind === 'commit') {
    await db.begin(work)
  } else if (kind === 'rollback') {
    await db.begin(async (s) => {
      await work(s)
      await s.rollback()
    })
  } else {
    await db.begin(async (s) => {
      // Whatever the statements did, the callback's own error is what the caller must see.
      await work(s).catch(() => undefined)
      throw new CallbackFailure()
    })
  }
}

/** Runs one session through a fresh proxy and pool, with an optional cut armed after warm-up. */
export async function runThroughProxy(
  target: CutTarget,
  kind: SessionKind,
  id: number,
  arm?: (proxy: FaultProxy) => void,
): Promise<{ ok: boolean; error: unknown; log: MessageEvent[] }> {
  const proxy = await FaultProxy.start({
    protocol: target.protocol,
    targetHost: target.server.host,
    targetPort: target.server.port,
  })
  const db = createSessionFactory(target.driver(proxy.port), { acquireTimeoutMs: 5000 })
  try {
    // The connection is opened and set up before counting starts.
    await db.begin(async () => undefined)
    proxy.mark()
    arm?.(proxy)
    const outcome = await within(
      runSession(db, kind, id).then(
        () => ({ ok: true, error: undefined }),
        (error: unknown) => ({ ok: false, error }),
      ),
      10_000,
      `a ${kind} session through the proxy`,
    )
    return { ...outcome, log: [...proxy.log] }
  } finally {
    await proxy.close()
    await db.close()
  }
}

const isCommit = (e: MessageEvent) => e.direction === 'up' && /\bCOMMIT\b/i.test(e.text)
const isBegin = (e: MessageEvent) =>
  e.direction === 'up' && /\b(BEGIN|START TRANSACTION)\b/i.test(e.text)

/**
 * The outcome fixed for a cut at `point` of a session of `kind` recorded as `log`. `run` is
 * what the proxy saw in the cut run, messages dropped at or after the cut included: a COMMIT
 * the client wrote into a socket whose peer was already gone counts as sent, since the client
 * cannot tell that from a COMMIT lost on the way to a live server.
 */
export function expectedOutcome(
  kind: SessionKind,
  log: readonly MessageEvent[],
  point: CutPoint,
  run: readonly MessageEvent[],
): Expected {
  const last = log.length - 1
  const atEnd = point.position === last && point.when === 'after'
  const beginAt = log.findIndex(isBegin)
  // BEGIN's reply ends with the last server message before the client's next one.
  const nextUp = log.findIndex((e, i) => i > beginAt && e.direction === 'up')
  const beginEnd = nextUp - 1
  // A driver may send BEGIN in one write with the session's first statement (adapter-pg
  // does): a cut there fails that statement, and the session as its statements fail.
  const firstReply = log.findIndex((e, i) => i > beginAt && e.direction === 'down')
  const carried = log.slice(beginAt, firstReply).some((e) => /\bINSERT\b/i.test(e.text))
  const inBegin =
    !carried &&
    (point.position < beginEnd || (point.position === beginEnd && point.when === 'before'))
  if (kind === 'rollback') return atEnd ? 'success' : inBegin ? 'begin' : 'definite'
  if (kind === 'throw') return inBegin ? 'begin' : 'callback'
  const commitAt = log.findIndex(isCommit)
  const lastBeforeCommit = commitAt - 1
  if (
    point.position < lastBeforeCommit ||
    (point.position === lastBeforeCommit && point.when === 'before')
  ) {
    return inBegin ? 'begin' : 'definite'
  }
  // Cut right after the last reply before COMMIT: whether the client wrote COMMIT before it
  // saw the socket close is a race the client cannot control; both answers are truthful.
  if (point.position === lastBeforeCommit) return run.some(isCommit) ? 'unknown' : 'definite'
  return atEnd ? 'success' : 'unknown'
}

/** Checks one outcome against its expectation; returns why it does not match. */
export function mismatchOf(
  kind: SessionKind,
  expected: Expected,
  outcome: { ok: boolean; error: unknown },
  rowExists: boolean,
): string | undefined {
  const { ok, error } = outcome
  const name =
    error instanceof Error
      ? `${error.name}(${(error as NakedSqlError).phase ?? ''}): ${error.message.slice(0, 160)}`
      : String(error)
  if (kind !== 'commit' && rowExists) return 'the row was written by a session that did not commit'
  switch (expected) {
    case 'success':
      if (!ok) return `expected success, got ${name}`
      if (kind === 'commit' && !rowExists) return 'reported committed, but the row is missing'
      return undefined
    case 'unknown':
      if (ok) return 'expected CommitOutcomeUnknownError, got success'
      if (!(error instanceof CommitOutcomeUnknownError))
        return `expected CommitOutcomeUnknownError, got ${name}`
      if (error.phase !== 'commit') return `expected phase commit, got ${error.phase}`
      return undefined
    case 'begin':
      if (ok) return 'expected a failed BEGIN, got success'
      if (!(error instanceof ConnectionLostError) || error.phase !== 'begin')
        return `expected ConnectionLostError(begin), got ${name}`
      if (rowExists) return 'nothing may be written'
      return undefined
    case 'definite':
      if (ok) return 'expected a definite failure, got success'
      if (!(error instanceof NakedSqlError)) return `expected a classified error, got ${name}`
      if (error instanceof CommitOutcomeUnknownError)
        return `COMMIT was never sent, yet the outcome is reported unknown: ${name}`
      if (rowExists) return 'a failed session wrote its row'
      return undefined
    case 'callback':
      if (ok) return 'expected the callback error, got success'
      if (!(error instanceof CallbackFailure))
        return `expected the callback's own error, got ${name}`
      return undefined
  }
}

/** Every cut point of a recorded session: before and after each message. */
export function cutPointsOf(log: readonly MessageEvent[]): CutPoint[] {
  const points: CutPoint[] = []
  log.forEach((event, position) => {
    points.push({ event, position, when: 'before' }, { event, position, when: 'after' })
  })
  return points
}

/**
 * Records the session of `kind`, then runs it once per cut point. Ids start at `firstId` and
 * grow by one per run, so every run has its own row.
 */
export async function checkEveryCutPoint(
  target: CutTarget,
  kind: SessionKind,
  firstId: number,
): Promise<{ log: MessageEvent[]; results: CutResult[] }> {
  const recording = await runThroughProxy(target, kind, firstId)
  const log = recording.log
  const uncut = recording.ok ? undefined : recording.error
  if (kind === 'throw' ? !(uncut instanceof CallbackFailure) : uncut !== undefined) {
    throw new Error(`the ${kind} session failed without a fault`, { cause: uncut })
  }
  const points = cutPointsOf(log)
  const results: CutResult[] = new Array(points.length)
  // Each run has its own proxy, pool and row, so a few run side by side.
  let next = 0
  const worker = async () => {
    for (let at = next++; at < points.length; at = next++) {
      const point = points[at]!
      const runId = firstId + 1 + at
      const outcome = await runThroughProxy(target, kind, runId, (proxy) =>
        proxy.arm({
          direction: point.event.direction,
          index: point.event.index,
          when: point.when,
          action: 'cut',
        }),
      )
      const rowExists = await target.rowExists(runId)
      const expected = expectedOutcome(kind, log, point, outcome.log)
      let mismatch = mismatchOf(kind, expected, outcome, rowExists)
      if (mismatch === undefined && !sameMessages(outcome.log, log, point)) {
        mismatch = 'the session sent other messages than the recording up to the cut'
      }
      results[at] = { point, expected, ok: outcome.ok, error: outcome.error, rowExists, mismatch }
    }
  }
  await Promise.all([worker(), worker(), worker(), worker()])
  return { log, results }
}

/** The messages up to the cut point are the recorded ones, so the cut fell where intended. */
function sameMessages(
  seen: readonly MessageEvent[],
  recorded: readonly MessageEvent[],
  point: CutPoint,
): boolean {
  for (let i = 0; i <= point.position; i++) {
    const a = seen[i]
    const b = recorded[i]
    if (a === undefined || b === undefined) return false
    if (a.direction !== b.direction || a.type !== b.type) return false
  }
  return true
}

/** One line per mismatch, for the assertion message. */
export function describeMismatches(results: readonly CutResult[]): string[] {
  return results
    .filter((r) => r.mismatch !== undefined)
    .map(
      (r) =>
        `${r.point.when} ${r.point.event.direction}#${r.point.event.index} (${r.point.event.type} ${JSON.stringify(r.point.event.text.replace(/[^\x20-\x7e]/g, '.').slice(0, 30))}), expected ${r.expected}: ${r.mismatch}`,
    )
}
