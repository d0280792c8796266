const gcLine = / (\d+(?:\.\d+)?) \(\d+(?:\.\d+)?\) -> \d+(?:\.\d+)? \(/g

/** The largest heap size before any collection in a `--trace-gc` log, in bytes. */
export function peakHeapFromTrace(trace: string): number {
  let peak = 0
  for (const match of trace.matchAll(gcLine)) {
    peak = Math.max(peak, Number(match[1]) * 1024 * 1024)
  }
  return peak
}
