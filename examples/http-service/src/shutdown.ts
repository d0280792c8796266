import type { FastifyInstance } from 'fastify'

/**
 * Graceful shutdown on SIGTERM (and SIGINT): stop accepting connections, let the requests
 * in flight finish their sessions, then close the session factory (the app's `onClose`
 * hook). The process then exits on its own because nothing is left open; if something
 * hangs past `timeoutMs`, it exits with code 1 instead of waiting forever.
 */
export function closeOnSignals(
  app: FastifyInstance,
  {
    timeoutMs = 10_000,
    log = console.log,
  }: { timeoutMs?: number; log?: (line: string) => void } = {},
): void {
  let closing = false
  const close = (signal: NodeJS.Signals) => {
    if (closing) return
    closing = true
    log(`${signal}: no longer accepting requests; finishing the ones in flight`)
    setTimeout(() => {
      log(`still busy after ${timeoutMs} ms; exiting anyway`)
      process.exit(1)
    }, timeoutMs).unref()
    app.close().then(
      () => log('closed: requests finished, session factory closed'),
      (error: unknown) => {
        log(`shutdown failed: ${String(error)}`)
        process.exitCode = 1
      },
    )
  }
  process.once('SIGTERM', close)
  process.once('SIGINT', close)
}
