/** The q-quantile of values, linear between neighbours. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const position = (sorted.length - 1) * q
  const low = Math.floor(position)
  const high = Math.ceil(position)
  const a = sorted[low]!
  const b = sorted[high]!
  return a + (b - a) * (position - low)
}

export interface Summary {
  readonly medianNs: number
  readonly p25Ns: number
  readonly p75Ns: number
  readonly batches: number
}

export function summarize(perOpNs: readonly number[]): Summary {
  return {
    medianNs: quantile(perOpNs, 0.5),
    p25Ns: quantile(perOpNs, 0.25),
    p75Ns: quantile(perOpNs, 0.75),
    batches: perOpNs.length,
  }
}

/** 4.2 µs, 12.3 ms, 1.21 s: three significant digits in the unit that fits. */
export function formatDuration(ns: number): string {
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ]
  for (const [size, unit] of units) {
    if (ns >= size) return `${(ns / size).toPrecision(3)} ${unit}`
  }
  return `${ns.toPrecision(3)} ns`
}

export function formatBytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
