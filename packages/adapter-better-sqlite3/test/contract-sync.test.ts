import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineSyncAdapterContract } from '@nakedsql/contract-tests'
import { createSyncSessionFactory } from '@nakedsql/core'
import { betterSqlite3SyncAdapter, sqliteCapabilities } from '../src/index.js'

// A fresh database file for this test file, with the adapter's defaults.
const dir = mkdtempSync(join(tmpdir(), 'nakedsql-contract-sync-'))

defineSyncAdapterContract({
  name: 'better-sqlite3 (sync, file)',
  capabilities: sqliteCapabilities,
  createFactory: () =>
    createSyncSessionFactory(betterSqlite3SyncAdapter({ filename: join(dir, 'contract.db') })),
  cleanup: () => rmSync(dir, { recursive: true, force: true }),
})
