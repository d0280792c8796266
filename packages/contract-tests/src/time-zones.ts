import { afterAll, beforeAll, describe, expect } from 'vitest'

const ZONES = [
  { zone: 'UTC', januaryOffsetMinutes: 0 },
  { zone: 'America/New_York', januaryOffsetMinutes: 300 },
] as const

/**
 * Registers `body` once with the process time zone UTC and once with America/New_York,
 * where a conversion through local time is no longer silent. Node re-reads `process.env.TZ`
 * when it is assigned; the hook checks that the switch took effect, and restores the zone.
 */
export function inEachTimeZone(body: () => void): void {
  for (const { zone, januaryOffsetMinutes } of ZONES) {
    describe(`process TZ=${zone}`, () => {
      let previous: string | undefined
      beforeAll(() => {
        previous = process.env.TZ
        process.env.TZ = zone
        expect(new Date(2024, 0, 1).getTimezoneOffset()).toBe(januaryOffsetMinutes)
      })
      afterAll(() => {
        if (previous === undefined) delete process.env.TZ
        else process.env.TZ = previous
      })
      body()
    })
  }
}
