import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import { libsqlAdapter } from '../src/index.js'

const directory = mkdtempSync(join(tmpdir(), 'nakedsql-libsql-contract-'))

defineAdapterContract({
  name: 'libsql (file)',
  capabilities: {
    returning: { insert: true, update: true, delete: true },
    savepoints: true,
    isolationLevels: ['serializable'],
    readOnly: true,
    concurrentConnections: false,
    statementTimeout: false,
    remote: false,
  },
  createFactory: () =>
    createSessionFactory(libsqlAdapter({ url: `file:${join(directory, 'contract.db')}` })),
  cleanup: () => rmSync(directory, { recursive: true, force: true }),
})
