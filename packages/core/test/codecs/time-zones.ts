import { afterAll, beforeAll, describe, expect } from 'vitest'

/** The process time zones every codec test runs in: UTC, and one where traps are not silent. */
export const TIME_ZONES = [
  { zone: 'UTC', januaryOffsetMinutes: 0 },
  { zone: 'America/New_York', januaryOffsetMinutes: 300 },
] as const

/**
 * Registers `body` once per time zone. Node re-reads `process.env.TZ` whenever it is
 * assigned, so setting it in `beforeAll` switches the zone of every Date created afterwards
 * in this worker; the hook then checks the switch took effect, so a run that silently stayed
 * in UTC fails instead of passing. The previous zone is restored afterwards.
 */
export function inEachTimeZone(body: (zone: string) => void): void {
  for (const { zone, januaryOffsetMinutes } of TIME_ZONES) {
    describe(`TZ=${zone}`, () => {
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
      body(zone)
    })
  }
}
