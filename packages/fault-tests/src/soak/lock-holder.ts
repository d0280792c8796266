import { type ChildProcess, spawn } from 'node:child_process'
import { createRequire } from 'node:module'

/*
 * A second connection to an SQLite file that takes the write lock for a while: busy
 * contention, made by another process as in production. A process of its own, not a worker
 * thread: better-sqlite3 waits for a lock by sleeping on its thread, and two copies of SQLite
 * in one process (libSQL's and better-sqlite3's) do not see each other's POSIX locks, so one
 * can truncate the WAL index the other has mapped (SIGBUS) or corrupt the file.
 */

const HOLDER = `
const Database = require(process.argv[1])
const db = new Database(process.argv[2], { timeout: 5000 })
const sleeper = new Int32Array(new SharedArrayBuffer(4))
process.on('message', (ms) => {
  let outcome = 'held'
  try {
    db.exec('BEGIN IMMEDIATE')
    Atomics.wait(sleeper, 0, 0, ms)
    db.exec('COMMIT')
  } catch (error) {
    outcome = String(error)
  }
  process.send(outcome)
})
process.on('disconnect', () => { db.close(); process.exit(0) })
`

export class LockHolder {
  readonly #child: ChildProcess

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#child = spawn(process.execPath, ['-e', HOLDER, module, file], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    })
  }

  /** Holds the write lock for `ms`; resolves to whether it got it. */
  hold(ms: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const child = this.#child
      const ended = (code: number | null, signal: string | null) =>
        reject(new Error(`the lock holder process ended (${signal ?? code})`))
      child.once('exit', ended)
      child.once('message', (outcome) => {
        child.off('exit', ended)
        resolve(outcome === 'held')
      })
      child.send(ms)
    })
  }

  async close(): Promise<void> {
    const child = this.#child
    if (child.exitCode !== null || child.signalCode !== null) return
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve())
      child.disconnect()
    })
  }
}
