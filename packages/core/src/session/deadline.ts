const ignore = (): void => {}

/**
 * `work`, or the error `expired()` makes when `work` has not settled within `ms`. The late
 * outcome of `work` is dropped (marked handled, so a rejection after the deadline cannot
 * crash the process); `expired` is where the caller destroys what `work` was waiting on.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  expired: (ms: number) => unknown,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      work.then(ignore, ignore)
      reject(expired(ms))
    }, ms)
    work.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** Checks a timeout option: a finite number of milliseconds above 0. */
export function checkTimeout(name: string, ms: number, why: string): number {
  if (!(ms > 0 && Number.isFinite(ms))) {
    throw new RangeError(
      `${name} must be a finite number of milliseconds above 0, not ${ms}: ${why}`,
    )
  }
  return ms
}
