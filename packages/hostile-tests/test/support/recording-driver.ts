import type { Driver, DriverConnection, ExecuteOptions } from '@nakedsql/core'

/**
 * A real driver with a tap on what it sends: every SQL text handed to a connection is
 * recorded before it goes to the server. It lets a property say "nothing reached the
 * database" and "the SQL text did not depend on the value" while the statements still run
 * on the real server.
 */
export interface RecordingDriver extends Driver {
  /** SQL texts sent so far, in order (BEGIN/COMMIT included when the adapter sends them). */
  readonly sent: string[]
}

export function recording(driver: Driver): RecordingDriver {
  const sent: string[] = []
  const originals = new WeakMap<DriverConnection, DriverConnection>()

  /** A transaction-control call of the adapter's own, recorded under a marker name. */
  function note<A extends unknown[], R>(marker: string, fn: (...args: A) => R): (...args: A) => R {
    return (...args) => {
      sent.push(marker)
      return fn(...args)
    }
  }

  function tap(connection: DriverConnection): DriverConnection {
    const tapped: DriverConnection = {
      execute(sql: string, params: readonly unknown[], options?: ExecuteOptions) {
        sent.push(sql)
        return connection.execute(sql, params, options)
      },
      executeMany(sql: string, paramSets: readonly (readonly unknown[])[]) {
        sent.push(sql)
        return connection.executeMany(sql, paramSets)
      },
      ...(connection.begin ? { begin: note('<begin>', connection.begin.bind(connection)) } : {}),
      ...(connection.commit
        ? { commit: note('<commit>', connection.commit.bind(connection)) }
        : {}),
      ...(connection.rollback
        ? { rollback: note('<rollback>', connection.rollback.bind(connection)) }
        : {}),
      ...(connection.inTransaction ? { inTransaction: () => connection.inTransaction!() } : {}),
    }
    originals.set(tapped, connection)
    return tapped
  }

  return {
    dialect: driver.dialect,
    capabilities: driver.capabilities,
    sent,
    async acquire(options) {
      return tap(await driver.acquire(options))
    },
    release(connection, options) {
      return driver.release(originals.get(connection) ?? connection, options)
    },
    close: () => driver.close(),
  }
}
