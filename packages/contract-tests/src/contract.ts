import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContext } from './context.js'
import type { AdapterContractOptions } from './options.js'
import { bulk } from './suites/bulk.js'
import { constraintErrors } from './suites/constraint-errors.js'
import { ddl } from './suites/ddl.js'
import { isolation } from './suites/isolation.js'
import { resultShapes } from './suites/result-shapes.js'
import { sessionRules } from './suites/session-rules.js'
import { valueMatrix } from './suites/value-matrix.js'

/**
 * Registers the whole nakedsql adapter contract suite (vitest `describe`/`it`) for one
 * adapter. Call it at the top level of a test file; each file gets its own factory.
 *
 * @example
 * // test/contract.test.ts
 * import { createSessionFactory } from '@nakedsql/core'
 * import { defineAdapterContract } from '@nakedsql/contract-tests'
 * import { myAdapter, MY_CAPABILITIES } from '../src/index.js'
 *
 * defineAdapterContract({
 *   name: 'my-adapter',
 *   capabilities: MY_CAPABILITIES,
 *   createFactory: () => createSessionFactory(myAdapter({ url: freshDatabaseUrl() })),
 * })
 */
export function defineAdapterContract(options: AdapterContractOptions): void {
  const { context, setFactory } = createContext(
    options.capabilities,
    options.slowTestTimeoutMs ?? 60_000,
  )

  describe(`nakedsql adapter contract: ${options.name}`, () => {
    beforeAll(async () => {
      setFactory(await options.createFactory())
    })

    afterAll(async () => {
      try {
        await context.factory().close()
      } finally {
        setFactory(undefined)
        await options.cleanup?.()
      }
    })

    it('declares the capabilities its driver reports once connected', async () => {
      const factory = context.factory()
      await factory.begin(() => {})
      expect(factory.driver.capabilities).toEqual(options.capabilities)
    })

    sessionRules(context)
    resultShapes(context)
    bulk(context)
    isolation(context)
    ddl(context)
    constraintErrors(context)
    valueMatrix(context)
  })
}
