import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import { libsqlAdapter } from '../src/index.js'

const directory = mkdtempSync(join(tmpdir(), 'nakedsql-libsql-contract-'))

const local = {
  returning: { insert: true, update: true, delete: true },
  savepoints: true,
  isolationLevels: ['serializable'],
  readOnly: true,
  concurrentConnections: false,
  statementTimeout: false,
  remote: false,
} as const

// A file URL runs on the libsql engine directly.
defineAdapterContract({
  name: 'libsql (file)',
  capabilities: { ...local, batchInserts: true },
  createFactory: () =>
    createSessionFactory(libsqlAdapter({ url: `file:${join(directory, 'contract.db')}` })),
})

// A client passed in runs on @libsql/client, as a remote URL does (no libSQL server runs here,
// so the client is on a local file).
defineAdapterContract({
  name: 'libsql (client passed in)',
  capabilities: local,
  createFactory: () =>
    createSessionFactory(
      libsqlAdapter({
        client: createClient({ url: `file:${join(directory, 'client.db')}`, intMode: 'bigint' }),
      }),
    ),
  cleanup: () => rmSync(directory, { recursive: true, force: true }),
})
