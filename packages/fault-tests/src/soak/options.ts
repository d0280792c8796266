/** The soak's length: `--minutes N` (or `--minutes=N`), else NAKEDSQL_SOAK_MINUTES, else 10. */
export function soakMinutes(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  let text = env.NAKEDSQL_SOAK_MINUTES
  argv.forEach((arg, i) => {
    if (arg === '--minutes') text = argv[i + 1]
    else if (arg.startsWith('--minutes=')) text = arg.slice('--minutes='.length)
  })
  if (text === undefined) return 10
  const minutes = Number(text)
  if (!(minutes > 0 && Number.isFinite(minutes))) {
    throw new RangeError(`--minutes must be a positive number of minutes, not ${text}`)
  }
  return minutes
}

/**
 * The heap is measured from the end of the warm-up (a minute, or a quarter of a shorter run)
 * and judged only over a window of a minute or more: in a shorter run, code compiled late and
 * caches still filling are growth that is not a leak.
 */
export const HEAP_LIMIT_BYTES = 5 * 1024 * 1024
export const HEAP_JUDGED_FROM_MS = 60_000

export function warmupMs(durationMs: number): number {
  return Math.min(60_000, durationMs / 4)
}
