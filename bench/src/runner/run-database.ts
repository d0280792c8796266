import { type DatabaseId, databaseLabels, type Sizes, type Target } from '../config.js'
import { openAdmin } from '../databases/admin.js'
import { type ContenderId, locate } from '../registry.js'
import type { CellResult, DatabaseReport, MemoryResult } from '../report/types.js'
import { summarize } from '../stats.js'
import { insertsRows, type WorkloadId } from '../workloads.js'
import { ContenderProcess } from './contender-process.js'
import { peakHeapFromTrace } from './memory-trace.js'
import type { ChildArgs, ChildMessage, ValueTypes } from './protocol.js'

export interface RunOptions {
  readonly db: DatabaseId
  readonly contenders: readonly ContenderId[]
  readonly workloads: readonly WorkloadId[]
  readonly sizes: Sizes
  readonly target: Target
  readonly log: (line: string) => void
}

type Collected = { perOpNs: number[]; timedOps: number; roundMediansNs: number[] }

/**
 * Runs every selected cell on one database. All contender processes start first; then each
 * round runs every workload for every contender: each contender is warmed up in turn (the
 * order rotating per round and workload), then all of them take turns timing one batch at a
 * time, so drift of the machine spreads over everyone. Rows a write inserted are deleted and
 * counted, to prove the work was done, after each warm-up and after the timed turns, outside
 * any timed section.
 */
export async function runDatabase(options: RunOptions): Promise<DatabaseReport> {
  const { db, sizes, target, log } = options
  const timeoutMs = sizes.rounds > 1 ? 15 * 60_000 : 120_000
  const cells: DatabaseReport['cells'] = {}
  const setCell = (w: WorkloadId, c: ContenderId, cell: CellResult) => {
    cells[w] = { ...cells[w], [c]: cell }
  }
  const valueTypes: DatabaseReport['valueTypes'] = {}
  const admin = await openAdmin(db, target)
  try {
    log(`${db}: seeding ${sizes.users} users, ${sizes.posts} posts`)
    await admin.setup(sizes)

    const processes = new Map<ContenderId, ContenderProcess>()
    const startFailures = new Map<ContenderId, string>()
    await Promise.all(
      options.contenders.map(async (contender) => {
        const location = locate(contender, db)
        if ('missing' in location) {
          for (const w of options.workloads)
            setCell(w, contender, { status: 'missing', reason: location.missing })
          return
        }
        const args: ChildArgs = { contender, db, target, sizes, ...location }
        const { process, ready } = await ContenderProcess.start(args, { timeoutMs: 120_000 })
        if (ready.type === 'ready') processes.set(contender, process)
        else {
          const reason = ready.type === 'failed' ? ready.message : `unexpected ${ready.type}`
          startFailures.set(contender, reason)
          await process.close()
        }
      }),
    )
    for (const [contender, reason] of startFailures) {
      log(`${db}: ${contender} did not start: ${reason}`)
      for (const w of options.workloads) setCell(w, contender, { status: 'failed', reason })
    }

    const collected = new Map<string, Collected>()
    const failed = new Map<string, string>()
    const running = [...processes.keys()]
    const fail = (workload: WorkloadId, contender: ContenderId, reason: string) => {
      failed.set(`${workload}/${contender}`, reason)
      log(`${db} ${workload} ${contender}: FAILED ${reason}`)
    }
    for (let round = 0; round < sizes.rounds; round++) {
      for (const [index, workload] of options.workloads.entries()) {
        const shift = (round + index) % Math.max(running.length, 1)
        const order = [...running.slice(shift), ...running.slice(0, shift)].filter(
          (contender) => !failed.has(`${workload}/${contender}`),
        )
        const warmed: ContenderId[] = []
        for (const contender of order) {
          const answer = await processes
            .get(contender)!
            .request({ type: 'warm', workload, firstOp: round * 1_000_003 }, timeoutMs)
          const inserted = await admin.cleanup(sizes)
          if (answer.type !== 'warmed') {
            fail(workload, contender, answerFailure(answer))
            continue
          }
          const expected = answer.ops * insertsRows[workload](sizes)
          if (inserted !== expected) {
            fail(workload, contender, `inserted ${inserted} rows where ${expected} were expected`)
            continue
          }
          if (answer.values)
            valueTypes[contender] = { ...valueTypes[contender], [workload]: answer.values }
          warmed.push(contender)
        }
        const window = await timeWindow(warmed, processes, sizes, timeoutMs)
        const inserted = await admin.cleanup(sizes)
        let expected = 0
        let complete = true
        for (const samples of window.values()) {
          if ('ops' in samples) expected += samples.ops * insertsRows[workload](sizes)
          else complete = false
        }
        // A contender that failed partway may have inserted some rows: the others' writes were
        // proven at their warm-up, so the count is only compared when every turn finished.
        const miscount =
          complete && inserted !== expected
            ? `the contenders inserted ${inserted} rows where ${expected} were expected`
            : undefined
        for (const [contender, samples] of window) {
          if ('reason' in samples || miscount !== undefined) {
            fail(workload, contender, 'reason' in samples ? samples.reason : miscount!)
            continue
          }
          const key = `${workload}/${contender}`
          const entry = collected.get(key) ?? { perOpNs: [], timedOps: 0, roundMediansNs: [] }
          entry.perOpNs.push(...samples.perOpNs)
          entry.timedOps += samples.ops
          const roundMedianNs = summarize(samples.perOpNs).medianNs
          entry.roundMediansNs.push(roundMedianNs)
          collected.set(key, entry)
          log(
            `${db} r${round + 1} ${workload} ${contender}: ${(roundMedianNs / 1000).toFixed(1)} µs/op`,
          )
        }
      }
    }
    const w3Memory = options.workloads.includes('W3')
      ? await measureMemory(
          options,
          startFailures,
          sizes.memoryInFreshProcess ? undefined : processes,
        )
      : {}
    await Promise.all([...processes.values()].map((p) => p.close()))

    for (const workload of options.workloads) {
      for (const contender of running) {
        const key = `${workload}/${contender}`
        const reason = failed.get(key)
        const entry = collected.get(key)
        if (reason !== undefined || entry === undefined) {
          setCell(workload, contender, { status: 'failed', reason: reason ?? 'no samples' })
          continue
        }
        const summary = summarize(entry.perOpNs)
        setCell(workload, contender, {
          status: 'ok',
          ...summary,
          timedOps: entry.timedOps,
          roundMediansNs: entry.roundMediansNs,
        })
      }
      const raw = cells[workload]?.raw
      if (raw?.status === 'ok') {
        for (const [contender, cell] of Object.entries(cells[workload] ?? {})) {
          if (cell.status === 'ok') {
            setCell(workload, contender as ContenderId, {
              ...cell,
              ratio: cell.medianNs / raw.medianNs,
            })
          }
        }
      }
    }

    return { id: db, label: databaseLabels[db], cells, w3Memory, valueTypes }
  } finally {
    await admin.teardown()
  }
}

function answerFailure(answer: ChildMessage): string {
  return answer.type === 'failed' ? answer.message : `unexpected ${answer.type}`
}

type WindowSamples = { perOpNs: number[]; timedNs: number; ops: number } | { reason: string }

/**
 * The timed part of one round of one workload: the warmed contenders take turns, one batch
 * each, so a slow spell of the machine falls on all of them alike. A contender that has run
 * for `sizes.timedMs` and at least `sizes.minBatches` batches leaves the turns.
 */
async function timeWindow(
  contenders: readonly ContenderId[],
  processes: ReadonlyMap<ContenderId, ContenderProcess>,
  sizes: Sizes,
  timeoutMs: number,
): Promise<Map<ContenderId, WindowSamples>> {
  const window = new Map<ContenderId, WindowSamples>()
  for (const contender of contenders) window.set(contender, { perOpNs: [], timedNs: 0, ops: 0 })
  const budgetNs = sizes.timedMs * 1_000_000
  let turn = [...contenders]
  while (turn.length > 0) {
    for (const contender of turn) {
      const answer = await processes.get(contender)!.request({ type: 'batch' }, timeoutMs)
      const samples = window.get(contender)!
      if (answer.type !== 'batch') window.set(contender, { reason: answerFailure(answer) })
      else if ('ops' in samples) {
        samples.perOpNs.push(answer.elapsedNs / answer.ops)
        samples.timedNs += answer.elapsedNs
        samples.ops += answer.ops
      }
    }
    turn = turn.filter((contender) => {
      const samples = window.get(contender)!
      return (
        'ops' in samples &&
        (samples.timedNs < budgetNs || samples.perOpNs.length < sizes.minBatches)
      )
    })
  }
  return window
}

/**
 * Peak heap and RSS of the 100k-row read, one contender at a time, each in a fresh process
 * (RSS peaks are per process) unless `running` processes are given to reuse.
 */
async function measureMemory(
  options: RunOptions,
  startFailures: ReadonlyMap<ContenderId, string>,
  running: ReadonlyMap<ContenderId, ContenderProcess> | undefined,
): Promise<Partial<Record<ContenderId, MemoryResult>>> {
  const { db, sizes, target, log } = options
  const results: Partial<Record<ContenderId, MemoryResult>> = {}
  for (const contender of options.contenders) {
    const location = locate(contender, db)
    if ('missing' in location) {
      results[contender] = { status: 'missing', reason: location.missing }
      continue
    }
    const startFailure = startFailures.get(contender)
    if (startFailure !== undefined) {
      results[contender] = { status: 'failed', reason: startFailure }
      continue
    }
    const reused = running?.get(contender)
    const { process, ready } =
      reused !== undefined
        ? { process: reused, ready: { type: 'ready' } as const }
        : await ContenderProcess.start(
            { contender, db, target, sizes, ...location } satisfies ChildArgs,
            { timeoutMs: 120_000 },
          )
    const traceFrom = process.output.length
    const answer =
      ready.type === 'ready'
        ? await process.request({ type: 'memory', workload: 'W3' }, 600_000)
        : ready
    if (reused === undefined) await process.close()
    if (answer.type !== 'memory') {
      results[contender] = {
        status: 'failed',
        reason: answer.type === 'failed' ? answer.message : `unexpected ${answer.type}`,
      }
      continue
    }
    const { heapBefore, heapAfter, maxRss } = answer.memory
    const peakHeap = Math.max(heapAfter, peakHeapFromTrace(process.output.slice(traceFrom)))
    results[contender] = { status: 'ok', heapBefore, peakHeap, maxRss }
    log(`${db} W3 memory ${contender}: heap peak ${(peakHeap / 1048576).toFixed(1)} MB`)
  }
  const raw = results.raw
  if (raw?.status === 'ok') {
    const rawGrowth = raw.peakHeap! - raw.heapBefore!
    for (const [contender, result] of Object.entries(results)) {
      if (result.status === 'ok') {
        results[contender as ContenderId] = {
          ...result,
          heapRatio: (result.peakHeap! - result.heapBefore!) / rawGrowth,
        }
      }
    }
  }
  return results
}

export type { ValueTypes }
