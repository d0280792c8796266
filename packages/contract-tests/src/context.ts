import { randomBytes } from 'node:crypto'
import {
  type Capabilities,
  createAll,
  dropAll,
  type Executable,
  type HasRelationDef,
  type Parameters,
  type Result,
  type SessionFactory,
  type SessionOptions,
} from '@nakedsql/core'
import { afterAll, beforeAll, it } from 'vitest'

/** One statement of a transaction, with its parameters (an array of objects: executemany). */
export type Step = Executable<any> | readonly [Executable<any>, Parameters | readonly Parameters[]]

export interface RunOptions extends SessionOptions {
  /** Roll the transaction back at the end instead of committing. */
  readonly rollback?: boolean
}

/**
 * What every part of the suite shares within one test file. `run` is the same for async and
 * synchronous factories, so one test body checks both.
 */
export interface ContractContext {
  readonly capabilities: Capabilities
  readonly slowTestTimeoutMs: number
  /** A table, view or type name unique to this test file. */
  name(base: string): string
  /** Runs the steps in order in one session and returns their results. */
  run(steps: readonly Step[], options?: RunOptions): Promise<Result<any>[]>
  /** The capabilities the driver reports. */
  driverCapabilities(): Capabilities
  /**
   * `scalar()` of one statement twice: run on its own by the factory, and in a session.
   * Returns both answers, factory first.
   */
  scalar(statement: Executable<any>, parameters?: Parameters): Promise<[unknown, unknown]>
  /** The async factory, for the tests of async-only rules; undefined for a synchronous one. */
  asyncFactory(): SessionFactory | undefined
}

/** Runs one statement in its own session and returns its result. */
export async function runOne(
  context: ContractContext,
  step: Step,
  options?: RunOptions,
): Promise<Result<any>> {
  const [result] = await context.run([step], options)
  return result!
}

/** The rows of one statement, first element of each (entities for select(table)). */
export async function scalarsOf(
  context: ContractContext,
  step: Step,
  options?: RunOptions,
): Promise<unknown[]> {
  return (await runOne(context, step, options)).scalars().all()
}

/** The rows of one statement as tuples. */
export async function tuplesOf(
  context: ContractContext,
  step: Step,
  options?: RunOptions,
): Promise<unknown[][]> {
  return (await runOne(context, step, options)).all() as unknown[][]
}

export function split(
  step: Step,
): [Executable<any>, Parameters | readonly Parameters[] | undefined] {
  return Array.isArray(step)
    ? [step[0] as Executable<any>, step[1] as Parameters | readonly Parameters[]]
    : [step as Executable<any>, undefined]
}

export function uniqueNames(): (base: string) => string {
  const suffix = randomBytes(4).toString('hex')
  return (base) => `ct_${base}_${suffix}`
}

/**
 * Registers a test that needs a capability: when the adapter lacks it, the test is still
 * registered, as skipped, with the reason in its name, so the report shows what was not
 * checked and why.
 */
export function itWhen(
  available: boolean,
  reason: string,
  name: string,
  fn: () => Promise<void> | void,
  timeout?: number,
): void {
  if (available) {
    it(name, fn, timeout)
    return
  }
  // Skipped because the adapter declares it lacks what the test needs (`reason`, in the
  // test's name): reported as a skip rather than dropped, so the gap stays visible.
  it.skip(`${name} (skipped: ${reason})`, fn)
}

/** Creates `relations` before the enclosing describe's tests and drops them afterwards. */
export function useSchema(
  context: ContractContext,
  relations: () => readonly HasRelationDef[],
): void {
  beforeAll(async () => {
    await context.run(createAll(relations()))
  })
  afterAll(async () => {
    await context.run(dropAll(relations()))
  })
}
