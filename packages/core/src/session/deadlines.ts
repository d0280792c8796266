/** Something waiting with a deadline, on the `performance.now()` clock. */
export interface Waiter {
  /** When the wait ends, in `performance.now()` milliseconds. */
  readonly deadline: number
  /** Called once, when the deadline passed before the waiter left the set. */
  expire(): void
}

/**
 * Many deadlines on one timer. Arming and clearing a timer per round trip costs more than a
 * short query's own JavaScript, so a waiter that is served only leaves the set: the timer
 * stays armed for the earliest deadline it was set for, finds nobody due when it fires, and
 * is then armed for the earliest waiter left, if any. While nobody waits it is unreferenced,
 * so it never keeps the process alive.
 *
 * @example
 * const deadlines = new Deadlines()
 * const waiter = { deadline: performance.now() + 5000, expire: () => reject(new Error('timed out')) }
 * deadlines.add(waiter)
 * pending.then((value) => { if (deadlines.delete(waiter)) resolve(value) })
 */
export class Deadlines {
  readonly #waiters = new Set<Waiter>()
  #timer: ReturnType<typeof setTimeout> | undefined
  #due = Number.POSITIVE_INFINITY

  /** Starts watching `waiter`'s deadline. */
  add(waiter: Waiter): void {
    this.#waiters.add(waiter)
    if (waiter.deadline < this.#due) this.#arm(waiter.deadline)
    else if (this.#waiters.size === 1) this.#timer!.ref()
  }

  /**
   * `work`, or what `expire()` returns as the rejection when `work` has not settled within
   * `ms`. A late outcome of `work` never settles the returned promise, and a late rejection
   * is handled (it cannot crash the process); giving back what arrives late is `expire`'s job.
   *
   * @example
   * const client = await deadlines.race(pool.connect(), 5000, () => new Error('no client in 5 s'))
   */
  race<T>(work: Promise<T>, ms: number, expire: () => unknown): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = { deadline: performance.now() + ms, expire: () => reject(expire()) }
      this.add(waiter)
      work.then(
        (value) => {
          if (this.delete(waiter)) resolve(value)
        },
        (error: unknown) => {
          if (this.delete(waiter)) reject(error)
        },
      )
    })
  }

  /** Stops watching; false when the waiter had already expired (its deadline passed). */
  delete(waiter: Waiter): boolean {
    if (!this.#waiters.delete(waiter)) return false
    if (this.#waiters.size === 0) this.#timer?.unref()
    return true
  }

  #arm(deadline: number): void {
    clearTimeout(this.#timer)
    this.#due = deadline
    this.#timer = setTimeout(() => this.#expire(), Math.max(0, deadline - performance.now()))
  }

  #expire(): void {
    this.#timer = undefined
    this.#due = Number.POSITIVE_INFINITY
    // The timer's clock may run a little ahead of performance.now(): a waiter not yet due is
    // served by the next arming.
    const now = performance.now()
    let next = Number.POSITIVE_INFINITY
    for (const waiter of this.#waiters) {
      if (waiter.deadline <= now) {
        this.#waiters.delete(waiter)
        waiter.expire()
      } else if (waiter.deadline < next) {
        next = waiter.deadline
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next)
  }
}
