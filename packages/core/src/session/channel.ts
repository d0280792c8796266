import type { DriverConnection, ExecuteOptions } from '../driver/contract.js'
import type { NakedSqlError } from '../errors/base.js'
import type { ConnectionLostError } from '../errors/database-errors.js'
import type { InvalidSessionStateError } from '../errors/session-errors.js'
import { boundAnswer, lostToTimeout } from './deadline.js'

/**
 * The calls of one session or savepoint. `pending` counts calls made and not yet settled;
 * an abandoned scope (its callback returned with calls pending) lets no queued call start
 * and fails the one in flight.
 */
export interface Scope {
  pending: number
  abandoned: boolean
  /** The scope of the session or savepoint this savepoint was opened in. */
  readonly parent: Scope | undefined
  /** Savepoint calls in progress, whose promises an abandonment marks as handled. */
  held: Set<Promise<unknown>> | undefined
  /**
   * The first statement of this scope that the database refused. PostgreSQL aborts the
   * transaction at it; MariaDB and SQLite undo only that statement, so committing would write
   * half the work. Either way the scope can now only be rolled back.
   */
  failed: NakedSqlError | undefined
  abandonedError(): InvalidSessionStateError
}

/** The failed statement of this scope or of a scope it lives in, if any. */
export function failureOf(scope: Scope): NakedSqlError | undefined {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.failed !== undefined) return s.failed
  }
  return undefined
}

/** A scope is abandoned when it or a scope it lives in is. */
function abandoned(scope: Scope): boolean {
  for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
    if (s.abandoned) return true
  }
  return false
}

interface Entry {
  readonly scope: Scope
  readonly op: () => Promise<unknown>
  resolve(value: unknown): void
  reject(error: unknown): void
  promise: Promise<unknown>
}

const ignore = (): void => {}

/**
 * One session's connection and the queue in front of it: calls run one after another in
 * call order, never two at once on the connection. An uncontended call starts at once,
 * without an extra promise.
 */
export class Channel {
  readonly connection: DriverConnection
  /** Set when the connection went back to the driver: nothing may run on it any more. */
  released = false
  /** Numbers the savepoints of this transaction. */
  savepoints = 0
  /**
   * The error that showed the connection is gone. Nothing more is sent on it: its
   * transaction died with it, and a COMMIT sent now could only be reported as of unknown
   * outcome although nothing was committed.
   */
  lost: ConnectionLostError | undefined
  /** The session's statement options (its `timeoutMs`), passed with every statement. */
  executeOptions: ExecuteOptions | undefined
  /** The client-side limit of a round trip; undefined for an embedded engine. */
  readonly statementTimeoutMs: number | undefined
  #busy = false
  readonly #queue: Entry[] = []
  /** The promise the caller holds for the call in flight. */
  #current: Promise<unknown> | undefined
  #idle: (() => void)[] = []

  constructor(connection: DriverConnection, statementTimeoutMs: number | undefined) {
    this.connection = connection
    this.statementTimeoutMs = statementTimeoutMs
  }

  /**
   * The answer of one round trip on this connection, bounded by the client-side limit. Past
   * it the connection counts as lost: nothing more is sent on it, and the end of the session
   * destroys it.
   */
  send<T>(work: Promise<T>, options: ExecuteOptions | undefined): Promise<T> {
    return boundAnswer(
      work,
      this.statementTimeoutMs,
      options?.timeoutMs,
      'statement',
      (timeout) => {
        this.lost ??= lostToTimeout(timeout)
      },
    )
  }

  run<T>(scope: Scope, op: () => Promise<T>): Promise<T> {
    scope.pending++
    if (!this.#busy) {
      this.#busy = true
      const started = this.#start(scope, op)
      this.#current = started
      return started
    }
    let entry!: Entry
    const promise = new Promise<T>((resolve, reject) => {
      entry = { scope, op, resolve: resolve as (v: unknown) => void, reject, promise: undefined! }
    })
    entry.promise = promise
    this.#queue.push(entry)
    return promise
  }

  /**
   * Marks the pending calls' promises as handled: they will fail with
   * `InvalidSessionStateError`, and a caller who never awaited them must not crash the
   * process with an unhandled rejection.
   */
  abandon(scope: Scope): void {
    scope.abandoned = true
    this.#current?.catch(ignore)
    for (const e of this.#queue) if (abandoned(e.scope)) e.promise.catch(ignore)
    for (const p of scope.held ?? []) p.catch(ignore)
  }

  /**
   * Whether a call of `scope` may run synchronously right now: nothing runs or waits on the
   * connection, and the call would not be refused for an abandoned scope or a released
   * connection (those go through `run`, which reports them).
   */
  canRunNow(scope: Scope): boolean {
    return !this.#busy && !this.released && !abandoned(scope)
  }

  /**
   * The promise of a call of `scope` that already ran synchronously (see `canRunNow`),
   * settled as `run` settles one: two microtask turns later, and counted as pending until
   * then. A callback that returns without awaiting the call therefore still finds it pending:
   * its session rolls back and the call fails with the scope's abandonment error.
   */
  settle(scope: Scope, failed: boolean, outcome: unknown): Promise<unknown> {
    scope.pending++
    const call: Promise<unknown> = Promise.resolve()
      .then(ignore)
      .then(() => {
        scope.pending--
        if (abandoned(scope)) {
          // Handled, as `abandon` marks the call in flight: nobody may be left to await it.
          call.catch(ignore)
          if (!failed || this.released) throw scope.abandonedError()
        }
        if (failed) throw outcome
        return outcome
      })
    return call
  }

  /** Whether a call runs now. */
  get busy(): boolean {
    return this.#busy
  }

  /** Resolves when no call runs or waits. */
  idle(): Promise<void> {
    if (!this.#busy) return Promise.resolve()
    return new Promise((resolve) => this.#idle.push(resolve))
  }

  async #start<T>(scope: Scope, op: () => Promise<T>): Promise<T> {
    try {
      if (this.released || abandoned(scope)) throw scope.abandonedError()
      let value: T
      try {
        value = await op()
      } catch (error) {
        // The connection was destroyed under this call to end its session (a closing
        // factory): the reason is that, not the broken connection it shows.
        if (this.released && abandoned(scope)) throw scope.abandonedError()
        throw error
      }
      // The callback returned before this call finished; its work is being rolled back.
      if (abandoned(scope)) throw scope.abandonedError()
      return value
    } finally {
      scope.pending--
      this.#next()
    }
  }

  #next(): void {
    for (;;) {
      const entry = this.#queue.shift()
      if (entry === undefined) {
        this.#busy = false
        this.#current = undefined
        const idle = this.#idle
        if (idle.length > 0) {
          this.#idle = []
          for (const resolve of idle) resolve()
        }
        return
      }
      if (this.released || abandoned(entry.scope)) {
        entry.scope.pending--
        entry.promise.catch(ignore)
        entry.reject(entry.scope.abandonedError())
        continue
      }
      this.#current = entry.promise
      this.#start(entry.scope, entry.op).then(entry.resolve, entry.reject)
      return
    }
  }
}
