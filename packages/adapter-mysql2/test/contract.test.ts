import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined

// The servers here are MariaDB 10.11: RETURNING on INSERT and DELETE, not on UPDATE.
defineAdapterContract({
  name: 'mysql2 (MariaDB)',
  capabilities: {
    returning: { insert: true, update: false, delete: true },
    savepoints: true,
    isolationLevels: ['read uncommitted', 'read committed', 'repeatable read', 'serializable'],
    readOnly: true,
    concurrentConnections: true,
    statementTimeout: true,
  },
  async createFactory() {
    testDatabase = await createTestDatabase('contract')
    return createSessionFactory(mysql2Adapter({ uri: testDatabase.uri, max: 5 }))
  },
  cleanup: () => testDatabase?.drop(),
})
