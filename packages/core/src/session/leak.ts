/** A session held open longer than the factory's `leakWarningMs`. */
export interface LeakInfo {
  /** The `leakWarningMs` it exceeded. */
  readonly heldMs: number
  /** The stack of the code that opened the session. */
  readonly stack: string
  /** The warning's text. */
  readonly message: string
}

/** The stack of the caller of `db.begin()` / `db.session()`, without this frame. */
export function leakStack(): string {
  const stack = new Error('session opened here').stack ?? ''
  // Drop the line of leakStack itself; the next one is begin() or session().
  const lines = stack.split('\n')
  lines.splice(1, 1)
  return lines.join('\n')
}

interface WarningProcess {
  emitWarning(message: string, options: { type: string; detail: string }): void
}

function warn(heldMs: number, stack: string, onLeak: ((leak: LeakInfo) => void) | undefined) {
  const message = `A nakedsql session has been open for more than ${heldMs} ms and still holds its connection. End every session (await db.begin(...) to completion, or await using session = await db.session()); the stack shows where this one was opened.`
  if (onLeak !== undefined) {
    onLeak({ heldMs, stack, message })
    return
  }
  const proc = (globalThis as { process?: Partial<WarningProcess> }).process
  if (typeof proc?.emitWarning === 'function') {
    proc.emitWarning(message, { type: 'NakedSqlSessionLeak', detail: stack })
  } else {
    console.warn(`${message}\n${stack}`)
  }
}

/**
 * Starts the timer that warns once about a session still open after `heldMs`. It does not
 * keep the process alive.
 */
export function startLeakTimer(
  heldMs: number,
  stack: string,
  onLeak: ((leak: LeakInfo) => void) | undefined,
): ReturnType<typeof setTimeout> {
  const timer = setTimeout(warn, heldMs, heldMs, stack, onLeak)
  ;(timer as { unref?: () => void }).unref?.()
  return timer
}
