import { NakedSqlError } from '@nakedsql/core'
import { expect } from 'vitest'
import type { RecordingDriver } from './recording-driver.js'

/**
 * Runs `action` and asserts it failed with a nakedsql error before sending anything: the
 * refusal must come from nakedsql, not from the server.
 */
export async function expectRefusedBeforeDatabase(
  driver: RecordingDriver,
  action: () => unknown,
): Promise<NakedSqlError> {
  const before = driver.sent.length
  let error: unknown
  try {
    await action()
  } catch (e) {
    error = e
  }
  expect(error, 'expected a nakedsql error').toBeInstanceOf(NakedSqlError)
  expect(driver.sent.slice(before), 'nothing may reach the database').toEqual([])
  expect((error as NakedSqlError).message.length).toBeGreaterThan(20)
  return error as NakedSqlError
}

/** Runs `build` (a builder call) and asserts it throws a nakedsql error synchronously. */
export function expectRefusedWhileBuilding(build: () => unknown): NakedSqlError {
  let error: unknown
  try {
    build()
  } catch (e) {
    error = e
  }
  expect(error, 'expected a nakedsql error while building').toBeInstanceOf(NakedSqlError)
  return error as NakedSqlError
}
