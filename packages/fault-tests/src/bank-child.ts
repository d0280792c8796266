import { AsyncLocalStorage } from 'node:async_hooks'
import { writeSync } from 'node:fs'
import { betterSqlite3Adapter } from '@nakedsql/adapter-better-sqlite3'
import {
  CommitOutcomeUnknownError,
  createSessionFactory,
  type DriverConnection,
} from '@nakedsql/core'
import { type PlannedTransfer, transfer } from './bank.js'

/*
 * One process of the SQLite bank: runs every transfer its parent sends (IPC) as a session
 * of its own, all at once on the adapter's one connection, and reports on stdout. Arguments:
 * the database file, the busy timeout in ms, and how long each transaction stays open.
 *
 * Reports are written with writeSync, not process.stdout: once writeSync returns the line is
 * in the pipe, so it reaches the parent even when SIGKILL comes next. The parent relies on
 * that: a transfer without a `begin` line never wrote anything and may be handed to another
 * process, and a `committed` line is a promise the ledger must keep.
 */

const [file, busyTimeout, hold] = process.argv.slice(2)
const holdMs = Number(hold)
const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * Opening sets WAL mode, which reads the file: with a short busy timeout that can fail with
 * SQLITE_BUSY while another process recovers the WAL a killed one left. Try again then.
 */
function openDriver() {
  for (let attempt = 1; ; attempt++) {
    try {
      return betterSqlite3Adapter({ filename: file!, busyTimeoutMs: Number(busyTimeout) })
    } catch (error) {
      const busy = String((error as { code?: unknown }).code).startsWith('SQLITE_BUSY')
      if (!busy || attempt >= 100) throw error
      Atomics.wait(sleeper, 0, 0, 10)
    }
  }
}

const driver = openDriver()

/*
 * How many times `retry` ran each transfer's session. A run that failed at BEGIN (SQLITE_BUSY)
 * never reaches the callback, so runs are counted at the BEGIN statement, which executes in
 * the async context of the transfer's db.begin call.
 */
const runs = new AsyncLocalStorage<{ runs: number }>()
const counted = new WeakSet<DriverConnection>()
const acquire = driver.acquire.bind(driver)
driver.acquire = async (options) => {
  const connection = await acquire(options)
  if (!counted.has(connection)) {
    counted.add(connection)
    const execute = connection.execute.bind(connection)
    connection.execute = (sql, params, executeOptions) => {
      const transfer = runs.getStore()
      if (transfer !== undefined && sql.startsWith('BEGIN')) transfer.runs++
      return execute(sql, params, executeOptions)
    }
  }
  return connection
}
const db = createSessionFactory(driver)

function report(line: string): void {
  const bytes = Buffer.from(`${line}\n`)
  for (let at = 0; at < bytes.length; ) {
    try {
      at += writeSync(1, bytes, at)
    } catch (error) {
      // A full pipe on a non-blocking descriptor: wait for the parent to read, then go on.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      Atomics.wait(sleeper, 0, 0, 1)
    }
  }
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : typeof error)

let running = 0
let ending = false

async function run(t: PlannedTransfer): Promise<void> {
  running++
  const counter = { runs: 0 }
  try {
    const result = await runs.run(counter, () =>
      db.begin(
        async (s) => {
          // Before any write of this run, so that a transfer without the line wrote nothing.
          report(`begin ${t.id}`)
          // A transaction of microseconds would almost never be open when the kill comes: the
          // processes spend their time waiting for the write lock. Holding it a little makes
          // kills inside a transaction common.
          if (holdMs > 0) await new Promise((resolve) => setTimeout(resolve, holdMs))
          return transfer(s, t, false)
        },
        { retry: true },
      ),
    )
    report(`${result === 'moved' ? 'committed' : 'insufficient'} ${t.id} ${counter.runs}`)
  } catch (error) {
    const attempts = (error as { attempts?: unknown[] }).attempts ?? [error]
    const names = attempts.map(errorName).join(',')
    const kind = error instanceof CommitOutcomeUnknownError ? 'unknown' : 'failed'
    report(`${kind} ${t.id} ${counter.runs} ${names}`)
  } finally {
    running--
    if (ending && running === 0) await finish()
  }
}

async function finish(): Promise<void> {
  await db.close()
  process.disconnect()
}

process.on('message', (message: { transfer?: PlannedTransfer; end?: true }) => {
  if (message.transfer !== undefined) void run(message.transfer)
  if (message.end) {
    ending = true
    if (running === 0) void finish()
  }
})
report('ready')
