import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineAdapterContract } from '@nakedsql/contract-tests'
import { createSessionFactory } from '@nakedsql/core'
import { betterSqlite3Adapter, sqliteCapabilities } from '../src/index.js'

// A fresh database file for this test file, with the adapter's defaults (WAL, busy timeout,
// foreign keys).
const dir = mkdtempSync(join(tmpdir(), 'nakedsql-contract-'))

defineAdapterContract({
  name: 'better-sqlite3 (async, file)',
  capabilities: sqliteCapabilities,
  createFactory: () =>
    createSessionFactory(betterSqlite3Adapter({ filename: join(dir, 'contract.db') })),
  cleanup: () => rmSync(dir, { recursive: true, force: true }),
})
