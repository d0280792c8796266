/** Counts equal values, for the figures a test prints. */
export function tally(values: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {}
  for (const v of values) out[v] = (out[v] ?? 0) + 1
  return out
}
