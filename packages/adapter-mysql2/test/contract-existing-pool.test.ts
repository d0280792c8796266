import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import mysql2 from 'mysql2/promise'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase } from './support.js'

let testDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined

// A pool the application made with mysql2's defaults (dates as Dates, decimals and JSON
// parsed): the adapter must send its own value options with every statement, a path apart
// from its own pool's, so the whole contract runs on it too.
defineAdapterContract({
  name: 'mysql2 (MariaDB, existing pool)',
  capabilities: {
    returning: { insert: true, update: false, delete: true },
    savepoints: true,
    isolationLevels: ['read uncommitted', 'read committed', 'repeatable read', 'serializable'],
    readOnly: true,
    concurrentConnections: true,
    statementTimeout: true,
  },
  async createFactory() {
    testDatabase = await createTestDatabase('contract_pool')
    const pool = mysql2.createPool({ uri: testDatabase.uri, connectionLimit: 5 })
    return createSessionFactory(mysql2Adapter({ pool }))
  },
  cleanup: () => testDatabase?.drop(),
})
