import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/*
 * A second connection to an SQLite file that takes the write lock for a while: busy
 * contention, as another process would make it. It runs on a worker thread because
 * better-sqlite3 waits for a lock by sleeping on the calling thread: on the soak's own
 * thread, the holder and the waiter would block each other.
 */

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.module)
const db = new Database(workerData.file, { timeout: 5000 })
const sleeper = new Int32Array(new SharedArrayBuffer(4))
parentPort.on('message', (ms) => {
  let outcome = 'held'
  try {
    db.exec('BEGIN IMMEDIATE')
    Atomics.wait(sleeper, 0, 0, ms)
    db.exec('COMMIT')
  } catch (error) {
    outcome = String(error)
  }
  parentPort.postMessage(outcome)
})
`

export class LockHolder {
  readonly #worker: Worker

  constructor(file: string) {
    const module = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(WORKER, { eval: true, workerData: { module, file } })
  }

  /** Holds the write lock for `ms`; resolves to whether it got it. */
  hold(ms: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const failed = (error: Error) => reject(error)
      this.#worker.once('error', failed)
      this.#worker.once('message', (outcome) => {
        this.#worker.off('error', failed)
        resolve(outcome === 'held')
      })
      this.#worker.postMessage(ms)
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }
}
