import type { Result, SessionFactory, SyncSessionFactory } from '@nakedsql/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ContractContext, type RunOptions, split, uniqueNames } from './context.js'
import type {
  AdapterContractOptions,
  ContractOptionsBase,
  SyncAdapterContractOptions,
} from './options.js'
import { bulk } from './suites/bulk.js'
import { constraintErrors } from './suites/constraint-errors.js'
import { ddl } from './suites/ddl.js'
import { isolation } from './suites/isolation.js'
import { resultShapes } from './suites/result-shapes.js'
import { sessionRules } from './suites/session-rules.js'
import { syncSessionRules } from './suites/sync-session-rules.js'
import { valueMatrix } from './suites/value-matrix.js'

/**
 * Registers the whole nakedsql adapter contract suite (vitest `describe`/`it`) for an
 * async adapter. Call it at the top level of a test file; each file gets its own factory.
 *
 * @example
 * // test/contract.test.ts
 * import { createSessionFactory } from '@nakedsql/core'
 * import { defineAdapterContract } from '@nakedsql/contract-tests'
 * import { myAdapter, myCapabilities } from '../src/index.js'
 *
 * defineAdapterContract({
 *   name: 'my-adapter',
 *   capabilities: myCapabilities,
 *   createFactory: () => createSessionFactory(myAdapter({ url: freshDatabaseUrl() })),
 * })
 */
export function defineAdapterContract(options: AdapterContractOptions): void {
  let factory: SessionFactory | undefined
  const current = (): SessionFactory => factory ?? missingFactory()
  const context: ContractContext = {
    ...common(options),
    driverCapabilities: () => current().driver.capabilities,
    asyncFactory: current,
    scalar: async (statement, parameters) => [
      await current().scalar(statement, parameters),
      await current().begin((session) => session.scalar(statement, parameters)),
    ],
    run: (steps, runOptions = {}) =>
      current().begin(async (session) => {
        const results: Result<any>[] = []
        for (const step of steps) results.push(await session.execute(...split(step)))
        if (runOptions.rollback) await session.rollback()
        return results
      }, sessionOptions(runOptions)),
  }
  register(options, context, {
    open: async () => {
      factory = await options.createFactory()
    },
    close: async () => {
      const closing = factory
      factory = undefined
      await closing?.close()
    },
  })
}

/**
 * Registers the contract suite for a synchronous adapter (better-sqlite3's sync sessions):
 * the same shapes, values, errors and DDL, and the session rules as they apply to
 * synchronous callbacks.
 *
 * @example
 * defineSyncAdapterContract({
 *   name: 'better-sqlite3 (sync)',
 *   capabilities: sqliteCapabilities,
 *   createFactory: () => createSyncSessionFactory(betterSqlite3SyncAdapter({ filename })),
 * })
 */
export function defineSyncAdapterContract(options: SyncAdapterContractOptions): void {
  let factory: SyncSessionFactory | undefined
  const current = (): SyncSessionFactory => factory ?? missingFactory()
  const context: ContractContext = {
    ...common(options),
    driverCapabilities: () => current().driver.capabilities,
    asyncFactory: () => undefined,
    scalar: async (statement, parameters) => [
      current().scalar(statement, parameters),
      current().begin((session) => session.scalar(statement, parameters)),
    ],
    run: async (steps, runOptions = {}) =>
      current().begin((session) => {
        const results = steps.map((step) => session.execute(...split(step)))
        if (runOptions.rollback) session.rollback()
        return results
      }, sessionOptions(runOptions)),
  }
  register(options, context, {
    open: async () => {
      factory = await options.createFactory()
    },
    close: async () => {
      const closing = factory
      factory = undefined
      closing?.close()
    },
    syncFactory: current,
  })
}

function common(options: ContractOptionsBase) {
  return {
    capabilities: options.capabilities,
    slowTestTimeoutMs: options.slowTestTimeoutMs ?? 60_000,
    name: uniqueNames(),
  }
}

function sessionOptions({ rollback: _, ...options }: RunOptions) {
  return options
}

function missingFactory(): never {
  throw new Error(
    'The contract suite has no factory here: createFactory() failed, or the test ran outside the suite.',
  )
}

interface Lifecycle {
  open(): Promise<void>
  close(): Promise<void>
  syncFactory?: () => SyncSessionFactory
}

function register(options: ContractOptionsBase, context: ContractContext, life: Lifecycle): void {
  describe(`nakedsql adapter contract: ${options.name}`, () => {
    beforeAll(life.open)
    afterAll(async () => {
      try {
        await life.close()
      } finally {
        await options.cleanup?.()
      }
    })

    it('declares the capabilities its driver reports once connected', async () => {
      await context.run([])
      expect(context.driverCapabilities()).toEqual(options.capabilities)
    })

    if (life.syncFactory) syncSessionRules(context, life.syncFactory)
    else sessionRules(context)
    resultShapes(context)
    bulk(context)
    isolation(context)
    ddl(context)
    constraintErrors(context)
    valueMatrix(context)
  })
}
