import type { Capabilities, SessionFactory, SyncSessionFactory } from '@nakedsql/core'

/** What both variants of the suite take. */
export interface ContractOptionsBase {
  /** Names the suite in the test report, e.g. `better-sqlite3 (file)`. */
  readonly name: string
  /**
   * What the adapter can do, declared up front because the suite decides while registering
   * tests which ones run and which are reported as skipped with the reason. The suite
   * checks this declaration against `factory.driver.capabilities` once connected.
   */
  readonly capabilities: Capabilities
  /** Runs after the factory is closed: drop the schema or database, delete the file. */
  readonly cleanup?: () => Promise<void> | void
  /** Timeout in milliseconds of the slower tests (10,000-row executemany, 1 MB values). Default 60 000. */
  readonly slowTestTimeoutMs?: number
}

/**
 * How the contract suite reaches an async adapter. The suite calls `createFactory` once per
 * test file, in `beforeAll`, and closes the factory in `afterAll`.
 */
export interface AdapterContractOptions extends ContractOptionsBase {
  /**
   * A session factory over a database that no other test file touches: a fresh
   * PostgreSQL schema, MySQL database or SQLite file, empty. The suite creates its own
   * tables (with unique names) and drops them.
   */
  readonly createFactory: () => Promise<SessionFactory> | SessionFactory
}

/** How the contract suite reaches a synchronous adapter (see `AdapterContractOptions`). */
export interface SyncAdapterContractOptions extends ContractOptionsBase {
  /** A synchronous session factory over a database no other test file touches. */
  readonly createFactory: () => Promise<SyncSessionFactory> | SyncSessionFactory
}
