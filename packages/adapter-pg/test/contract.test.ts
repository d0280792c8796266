import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import { pgAdapter } from '../src/index.js'
import { createTestSchema } from './support.js'

let testSchema: Awaited<ReturnType<typeof createTestSchema>> | undefined

defineAdapterContract({
  name: 'pg',
  capabilities: {
    returning: { insert: true, update: true, delete: true },
    savepoints: true,
    isolationLevels: ['read uncommitted', 'read committed', 'repeatable read', 'serializable'],
    readOnly: true,
    concurrentConnections: true,
    statementTimeout: true,
  },
  async createFactory() {
    testSchema = await createTestSchema('contract')
    return createSessionFactory(pgAdapter({ ...testSchema.options, max: 5 }))
  },
  cleanup: () => testSchema?.drop(),
})
