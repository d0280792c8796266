import { type ChildProcess, fork } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SessionFactory } from '@nakedsql/core'
import {
  type BankOutcome,
  emptyFigures,
  type PlannedTransfer,
  planTransfers,
  seeded,
  snapshotRead,
} from './bank.js'

/*
 * The bank on one SQLite file from several processes (src/bank-child.ts), one of them killed
 * with SIGKILL every few hundred ms and started again. The parent hands out the transfers
 * and reads the total meanwhile. A killed process's transfers that had begun a transaction
 * are unknown outcomes; those that had not are handed out again, as they wrote nothing.
 */

const here = dirname(fileURLToPath(import.meta.url))
const childScript = join(here, 'bank-child.ts')
const repoRoot = join(here, '../../..')

export interface ProcessBankOptions {
  /** The SQLite file, set up with the bank's tables and accounts. */
  readonly file: string
  /** A session factory on the same file, for the snapshot reads. */
  readonly reader: SessionFactory
  readonly seed: number
  readonly transfers: number
  readonly processes: number
  /** Sessions open at once in each process (all wait for the adapter's one connection). */
  readonly sessionsPerProcess: number
  readonly faultEveryMs: readonly [number, number]
  readonly busyTimeoutMs: number
  /** How long each transfer's transaction stays open before it writes. */
  readonly holdMs: number
}

export interface ProcessBankOutcome extends BankOutcome {
  /** Processes started, the first ones included. */
  readonly starts: number
  /** Transfers handed out again after their process was killed before they began. */
  readonly reissued: number
  /**
   * Transfers a kill left without a report after they began: unknown outcomes made by the
   * harness, not by the library, so they are in `unknown` but not in `figures.unknown`
   * (which counts the CommitOutcomeUnknownError the processes reported). A kill can leave
   * more than one: a transfer whose COMMIT was done and whose report was not yet written,
   * and the next one, already begun on the freed connection.
   */
  readonly inFlightAtKills: number
  /** Processes that ended without being told or killed, and reports that make no sense: each one a failure. */
  readonly problems: readonly string[]
}

interface Child {
  readonly proc: ChildProcess
  /** Transfers handed to the process and not yet reported on, and whether they began. */
  readonly outstanding: Map<number, { t: PlannedTransfer; begun: boolean }>
  /** The process has opened the database: a kill now lands mid-run, not mid-startup. */
  ready: boolean
  killed: boolean
  ending: boolean
  readonly closed: Promise<void>
  stderr: string
}

/** Every process started and not yet closed, so a run given up on leaves none behind. */
const live = new Set<ChildProcess>()

/** Kills the processes of a run that did not finish (a timeout, a thrown error). */
export function killLeftovers(): void {
  for (const proc of live) proc.kill('SIGKILL')
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export async function runProcessBank(options: ProcessBankOptions): Promise<ProcessBankOutcome> {
  const random = seeded(options.seed)
  const figures = emptyFigures(options.transfers)
  const pending = planTransfers(random, options.transfers)
  const committed = new Set<number>()
  const failed = new Set<number>()
  const unknown = new Set<number>()
  const badReads: string[] = []
  const problems: string[] = []
  let starts = 0
  let reissued = 0
  let inFlightAtKills = 0
  let finished!: () => void
  const allDone = new Promise<void>((resolve) => {
    finished = resolve
  })
  const children: Child[] = []

  const countErrors = (names: string | undefined) => {
    for (const name of names?.split(',') ?? []) {
      figures.errorsByClass[name] = (figures.errorsByClass[name] ?? 0) + 1
    }
  }

  const checkDone = () => {
    if (pending.length === 0 && children.every((c) => c.outstanding.size === 0)) finished()
  }

  const dispatch = (child: Child) => {
    while (
      !child.killed &&
      !child.ending &&
      child.outstanding.size < options.sessionsPerProcess &&
      pending.length > 0
    ) {
      const t = pending.shift()!
      child.outstanding.set(t.id, { t, begun: false })
      child.proc.send({ transfer: t })
    }
  }

  const onLine = (child: Child, line: string) => {
    const [kind, idText, runs, names] = line.split(' ')
    if (kind === 'ready') {
      child.ready = true
      return
    }
    const id = Number(idText)
    const entry = child.outstanding.get(id)
    if (entry === undefined) {
      problems.push(`a report on transfer ${id} the process did not hold: ${line}`)
      return
    }
    if (kind === 'begin') {
      entry.begun = true
      return
    }
    child.outstanding.delete(id)
    figures.retries += Math.max(0, Number(runs) - 1)
    if (kind === 'committed') {
      committed.add(id)
      figures.committed++
    } else if (kind === 'insufficient') {
      figures.insufficient++
    } else if (kind === 'failed') {
      failed.add(id)
      figures.failed++
      countErrors(names)
    } else if (kind === 'unknown') {
      unknown.add(id)
      figures.unknown++
      countErrors(names)
      figures.unknownCauses[names ?? '?'] = (figures.unknownCauses[names ?? '?'] ?? 0) + 1
    } else {
      problems.push(`an unreadable report: ${line}`)
    }
    dispatch(child)
    checkDone()
  }

  const start = (): Child => {
    starts++
    const proc = fork(
      childScript,
      [options.file, String(options.busyTimeoutMs), String(options.holdMs)],
      {
        cwd: repoRoot,
        execArgv: ['--import', 'tsx', '--conditions=source'],
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      },
    )
    live.add(proc)
    const child: Child = {
      proc,
      outstanding: new Map(),
      ready: false,
      killed: false,
      ending: false,
      stderr: '',
      closed: new Promise((resolve) =>
        proc.once('close', () => {
          live.delete(proc)
          resolve()
        }),
      ),
    }
    let buffered = ''
    proc.stdout!.on('data', (chunk) => {
      buffered += String(chunk)
      const lines = buffered.split('\n')
      buffered = lines.pop()!
      for (const line of lines) onLine(child, line)
    })
    proc.stderr!.on('data', (chunk) => {
      child.stderr += String(chunk)
    })
    // The IPC channel breaks when the process is killed with messages in flight; the
    // transfers in them are handed out again, so the error itself says nothing.
    proc.on('error', () => undefined)
    proc.once('exit', (code, signal) => {
      if (!child.killed && !child.ending) {
        problems.push(`a process exited (${code ?? signal}) on its own: ${child.stderr}`)
      }
    })
    children.push(child)
    dispatch(child)
    return child
  }

  /** Kills a random process, settles its transfers and starts another in its place. */
  const kill = async () => {
    const alive = children.filter((c) => c.ready && !c.killed && !c.ending)
    if (alive.length === 0) return
    const child = alive[Math.floor(random() * alive.length)]!
    child.killed = true
    child.proc.kill('SIGKILL')
    // Every line written before the kill is read by 'close', not necessarily by 'exit'.
    await child.closed
    figures.faults++
    children.splice(children.indexOf(child), 1)
    for (const { t, begun } of child.outstanding.values()) {
      if (begun) {
        unknown.add(t.id)
        inFlightAtKills++
      } else {
        pending.unshift(t)
        reissued++
      }
    }
    child.outstanding.clear()
    start()
    for (const other of children) dispatch(other)
    checkDone()
  }

  let running = true
  const faults = async () => {
    const [low, high] = options.faultEveryMs
    while (running) {
      await pause(low + random() * (high - low))
      if (running) await kill()
    }
  }
  const reads = async () => {
    while (running) {
      try {
        const bad = await snapshotRead(options.reader, 'serializable')
        figures.reads++
        if (bad === undefined) figures.invariantChecks++
        else badReads.push(bad)
      } catch (error) {
        figures.readFailures++
        countErrors(error instanceof Error ? error.name : typeof error)
      }
      await pause(5)
    }
  }

  for (let i = 0; i < options.processes; i++) start()
  const background = [faults(), reads()]
  // A process that crashed on its own would leave its transfers outstanding forever.
  const crashed = (async () => {
    while (running && problems.length === 0) await pause(50)
  })()
  await Promise.race([allDone, crashed])
  running = false
  await Promise.all(background)
  for (const child of children) {
    child.ending = true
    if (child.proc.connected) child.proc.send({ end: true })
    else child.proc.kill('SIGKILL')
  }
  await Promise.all(children.map((c) => c.closed))

  return {
    figures,
    committed,
    failed,
    unknown,
    badReads,
    starts,
    reissued,
    inFlightAtKills,
    problems,
  }
}
