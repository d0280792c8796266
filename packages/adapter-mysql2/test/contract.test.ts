import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory, type Driver } from '@nakedsql/core'
import mysql2 from 'mysql2/promise'
import { mysql2Adapter } from '../src/index.js'
import { createTestDatabase, MARIADB_CAPABILITIES } from './support.js'

function mariadbContract(name: string, prefix: string, adapter: (uri: string) => Driver) {
  let testDatabase: Awaited<ReturnType<typeof createTestDatabase>> | undefined
  defineAdapterContract({
    name,
    capabilities: MARIADB_CAPABILITIES,
    async createFactory() {
      testDatabase = await createTestDatabase(prefix)
      return createSessionFactory(adapter(testDatabase.uri))
    },
    cleanup: () => testDatabase?.drop(),
  })
}

mariadbContract('mysql2 (MariaDB)', 'contract', (uri) => mysql2Adapter({ uri, max: 5 }))

// A pool the application made with mysql2's defaults (dates as Dates, decimals and JSON
// parsed): the adapter sends its own value options with every statement, a path apart from
// its own pool's, so the whole contract runs on it too.
mariadbContract('mysql2 (MariaDB, existing pool)', 'contract_pool', (uri) =>
  mysql2Adapter({ pool: mysql2.createPool({ uri, connectionLimit: 5 }) }),
)
