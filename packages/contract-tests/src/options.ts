import type { Capabilities, SessionFactory } from '@nakedsql/core'

/**
 * How the contract suite reaches an adapter. The suite calls `createFactory` once per test
 * file, in `beforeAll`, and closes the factory in `afterAll`.
 */
export interface AdapterContractOptions {
  /** Names the suite in the test report, e.g. `better-sqlite3 (file)`. */
  readonly name: string
  /**
   * A session factory over a database that no other test file touches: a fresh
   * PostgreSQL schema, MySQL database or SQLite file, empty. The suite creates its own
   * tables (with unique names) and drops them.
   */
  readonly createFactory: () => Promise<SessionFactory> | SessionFactory
  /**
   * What the adapter can do, declared up front because the suite decides while registering
   * tests which ones run and which are reported as skipped with the reason. The suite
   * checks this declaration against `factory.driver.capabilities` once connected.
   */
  readonly capabilities: Capabilities
  /** Runs after the factory is closed: drop the schema or database, delete the file. */
  readonly cleanup?: () => Promise<void> | void
  /** Per-test timeout in milliseconds for the slower tests (10,000-row executemany, 1 MB values). Default 60 000. */
  readonly slowTestTimeoutMs?: number
}
