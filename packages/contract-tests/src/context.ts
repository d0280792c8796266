import { randomBytes } from 'node:crypto'
import {
  type Capabilities,
  createAll,
  dropAll,
  type HasRelationDef,
  type SessionFactory,
} from '@nakedsql/core'
import { afterAll, beforeAll, it } from 'vitest'

/** What every part of the suite shares within one test file. */
export interface ContractContext {
  /** The file's factory; available from `beforeAll` on. */
  factory(): SessionFactory
  readonly capabilities: Capabilities
  readonly slowTestTimeoutMs: number
  /** A table, view or type name unique to this test file. */
  name(base: string): string
}

export function createContext(
  capabilities: Capabilities,
  slowTestTimeoutMs: number,
): {
  context: ContractContext
  setFactory(factory: SessionFactory | undefined): void
} {
  const suffix = randomBytes(4).toString('hex')
  let current: SessionFactory | undefined
  return {
    context: {
      factory() {
        if (current === undefined)
          throw new Error(
            'The contract suite has no factory: createFactory() failed or has not run.',
          )
        return current
      },
      capabilities,
      slowTestTimeoutMs,
      name: (base) => `ct_${base}_${suffix}`,
    },
    setFactory(factory) {
      current = factory
    },
  }
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
  if (available) it(name, fn, timeout)
  else it.skip(`${name} (skipped: ${reason})`, fn)
}

/** Creates `relations` before the enclosing describe's tests and drops them afterwards. */
export function useSchema(
  context: ContractContext,
  relations: () => readonly HasRelationDef[],
): void {
  beforeAll(async () => {
    const statements = createAll(relations())
    await context.factory().begin(async (session) => {
      for (const statement of statements) await session.execute(statement)
    })
  })
  afterAll(async () => {
    const statements = dropAll(relations())
    await context.factory().begin(async (session) => {
      for (const statement of statements) await session.execute(statement)
    })
  })
}
