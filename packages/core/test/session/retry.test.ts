import { describe, expect, test } from 'vitest'
import {
  CommitOutcomeUnknownError,
  ConnectionLostError,
  DeadlockError,
  LockTimeoutError,
  SerializationFailureError,
  UniqueViolationError,
} from '../../src/index.js'
import { attachAttempts, backoffMs, mayRetry, retryPolicy } from '../../src/session/retry.js'

const at = (phase: 'begin' | 'statement' | 'commit') => ({ code: 'x', phase }) as const

describe('retry policy', () => {
  test('true means five runs with a 20 ms base and a 1 s cap; false and undefined mean none', () => {
    expect(retryPolicy(true)).toEqual({ attempts: 5, baseDelayMs: 20, maxDelayMs: 1000 })
    expect(retryPolicy(false)).toBeUndefined()
    expect(retryPolicy(undefined)).toBeUndefined()
    expect(retryPolicy({ attempts: 2 })).toEqual({ attempts: 2, baseDelayMs: 20, maxDelayMs: 1000 })
  })

  test('refuses a policy that never stops or waits forever', () => {
    expect(() => retryPolicy({ attempts: 0 })).toThrow(RangeError)
    expect(() => retryPolicy({ attempts: 1.5 })).toThrow(RangeError)
    expect(() => retryPolicy({ attempts: Number.POSITIVE_INFINITY })).toThrow(RangeError)
    expect(() => retryPolicy({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(RangeError)
    expect(() => retryPolicy({ baseDelayMs: -1 })).toThrow(RangeError)
  })

  test('the backoff bound doubles per run up to the cap, and the wait is random below it', () => {
    const policy = { attempts: 10, baseDelayMs: 10, maxDelayMs: 100 }
    const highest = (attempt: number) => backoffMs(policy, attempt, () => 0.999999)
    expect([1, 2, 3, 4, 5, 6].map(highest)).toEqual([9, 19, 39, 79, 99, 99])
    expect(backoffMs(policy, 3, () => 0)).toBe(0)
    expect(backoffMs(policy, 3, () => 0.5)).toBe(20)
  })
})

describe('which failures run the session again', () => {
  test('serialization failures, deadlocks, BUSY at BEGIN and a connection lost before COMMIT', () => {
    expect(mayRetry(new SerializationFailureError('m', at('statement')), false)).toBe(true)
    expect(mayRetry(new SerializationFailureError('m', at('commit')), false)).toBe(true)
    expect(mayRetry(new DeadlockError('m', at('statement')), false)).toBe(true)
    expect(mayRetry(new LockTimeoutError('m', { ...at('begin'), retryable: true }), false)).toBe(
      true,
    )
    expect(mayRetry(new ConnectionLostError('m', at('commit')), false)).toBe(true)
  })

  test('never a commit of unknown outcome, a lock timeout mid-session, a constraint, a plain error', () => {
    expect(mayRetry(new CommitOutcomeUnknownError('m', at('commit')), false)).toBe(false)
    expect(mayRetry(new LockTimeoutError('m', at('statement')), false)).toBe(false)
    expect(mayRetry(new UniqueViolationError('m', at('statement')), false)).toBe(false)
    expect(mayRetry(new Error('app failure'), false)).toBe(false)
    expect(mayRetry('thrown string', false)).toBe(false)
  })

  test('never once the session committed, even for a retryable error', () => {
    expect(mayRetry(new ConnectionLostError('m', at('statement')), true)).toBe(false)
  })
})

describe('the attempts of the final error', () => {
  test('hang on the error as a frozen, non-enumerable list', () => {
    const first = new DeadlockError('m', at('statement'))
    const last = new DeadlockError('m', at('statement'))
    attachAttempts(last, [first, last])
    expect(last.attempts).toEqual([first, last])
    expect(Object.isFrozen(last.attempts)).toBe(true)
    expect(Object.keys(last)).not.toContain('attempts')
  })

  test('leave a frozen error or a primitive alone', () => {
    const frozen = Object.freeze(new Error('frozen'))
    attachAttempts(frozen, [frozen])
    expect('attempts' in frozen).toBe(false)
    expect(() => attachAttempts(42, [42])).not.toThrow()
  })
})
