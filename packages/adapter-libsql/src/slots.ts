/**
 * A counting semaphore with a deadline per waiter: the libSQL client has no pool of its own to
 * bound, so the driver bounds how many sessions hold a connection at once (one for a local
 * database, where a second writer would only wait on SQLite's lock).
 */
export class Slots {
  readonly size: number
  #inUse = 0
  readonly #waiters: { grant(): void }[] = []

  constructor(size: number) {
    this.size = size
  }

  get inUse(): number {
    return this.#inUse
  }

  /** Callers waiting for a slot. */
  get waiting(): number {
    return this.#waiters.length
  }

  /** Resolves with true when a slot is taken, false when `timeoutMs` passed first. */
  take(timeoutMs: number): Promise<boolean> {
    if (this.#inUse < this.size) {
      this.#inUse++
      return Promise.resolve(true)
    }
    return new Promise<boolean>((resolve) => {
      const waiter = {
        grant: () => {
          clearTimeout(timer)
          resolve(true)
        },
      }
      const timer = setTimeout(() => {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1)
        resolve(false)
      }, timeoutMs)
      this.#waiters.push(waiter)
    })
  }

  give(): void {
    const next = this.#waiters.shift()
    if (next === undefined) this.#inUse--
    else next.grant()
  }
}
