import { describe, expect, it } from 'vitest'
import { Deadlines, type Waiter } from '../../src/index.js'

/*
 * Real timers. Assertions hold however late a loaded machine fires them: a waiter never
 * expires before its deadline, a served one never expires, and every other one does.
 */

interface Expiry {
  readonly name: string
  readonly deadline: number
  readonly at: number
}

function waiter(inMs: number, expired: Expiry[], name: string): Waiter {
  const deadline = performance.now() + inMs
  return { deadline, expire: () => expired.push({ name, deadline, at: performance.now() }) }
}

async function until(done: () => boolean): Promise<void> {
  const giveUp = performance.now() + 5000
  while (!done() && performance.now() < giveUp) await new Promise((r) => setTimeout(r, 5))
}

describe('Deadlines: many deadlines on one timer', () => {
  it('expires every waiter, none before its deadline, whatever order they were added in', async () => {
    const deadlines = new Deadlines()
    const expired: Expiry[] = []
    deadlines.add(waiter(60, expired, 'late'))
    deadlines.add(waiter(20, expired, 'early'))
    deadlines.add(waiter(40, expired, 'middle'))
    await until(() => expired.length === 3)
    expect(expired.map((e) => e.name).sort()).toEqual(['early', 'late', 'middle'])
    for (const e of expired) expect(e.at).toBeGreaterThanOrEqual(e.deadline)
  })

  it('a waiter served in time never expires, and delete says whether it was still waiting', async () => {
    const deadlines = new Deadlines()
    const expired: Expiry[] = []
    const served = waiter(20, expired, 'served')
    const missed = waiter(20, expired, 'missed')
    deadlines.add(served)
    deadlines.add(missed)
    expect(deadlines.delete(served)).toBe(true)
    await until(() => expired.length > 0)
    await new Promise((r) => setTimeout(r, 30))
    expect(expired.map((e) => e.name)).toEqual(['missed'])
    expect(deadlines.delete(missed)).toBe(false)
  })

  it('keeps watching a later waiter after the earlier one it was armed for left', async () => {
    const deadlines = new Deadlines()
    const expired: Expiry[] = []
    const first = waiter(10, expired, 'first')
    deadlines.add(first)
    deadlines.add(waiter(40, expired, 'second'))
    deadlines.delete(first)
    await until(() => expired.length > 0)
    expect(expired.map((e) => e.name)).toEqual(['second'])
    expect(expired[0]!.at).toBeGreaterThanOrEqual(expired[0]!.deadline)
  })

  it('race: the work when it settles in time, else the error expire makes, and a late rejection stays handled', async () => {
    const deadlines = new Deadlines()
    await expect(deadlines.race(Promise.resolve('in time'), 1000, () => 'late')).resolves.toBe(
      'in time',
    )
    let rejectLate: (error: Error) => void = () => {}
    const slow = new Promise<string>((_, reject) => {
      rejectLate = reject
    })
    let expired = 0
    const raced = deadlines.race(slow, 20, () => {
      expired++
      return new Error('gave up')
    })
    await expect(raced).rejects.toThrow('gave up')
    rejectLate(new Error('too late to matter'))
    await new Promise((r) => setTimeout(r, 10))
    expect(expired).toBe(1)
  })
})
