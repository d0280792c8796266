import type { Capabilities } from '@nakedsql/core'

/** What the adapter learns from the server once, on its first connection. */
export interface ServerInfo {
  readonly flavor: 'mariadb' | 'mysql'
  /** [major, minor, patch] of the server version. */
  readonly version: readonly [number, number, number]
  /** The largest packet the server accepts: bounds an executemany batch. */
  readonly maxAllowedPacket: number
}

/** The query that fills a {@link ServerInfo}; one round trip. */
export const SERVER_INFO_SQL = 'SELECT VERSION(), @@max_allowed_packet'

/** Reads `VERSION()` ('10.11.6-MariaDB-0+deb12u1', '8.0.36') and `@@max_allowed_packet`. */
export function parseServerInfo(version: string, maxAllowedPacket: unknown): ServerInfo {
  const [major = 0, minor = 0, patch = 0] = (/^(\d+)\.(\d+)\.(\d+)/.exec(version) ?? [])
    .slice(1)
    .map(Number)
  return {
    flavor: /mariadb/i.test(version) ? 'mariadb' : 'mysql',
    version: [major, minor, patch],
    maxAllowedPacket: Number(maxAllowedPacket),
  }
}

function atLeast(info: ServerInfo, major: number, minor: number): boolean {
  const [actualMajor, actualMinor] = info.version
  return actualMajor > major || (actualMajor === major && actualMinor >= minor)
}

const ALL_ISOLATION_LEVELS = Object.freeze([
  'read uncommitted',
  'read committed',
  'repeatable read',
  'serializable',
] as const)

/** Where RETURNING works: MariaDB 10.5+ on INSERT and DELETE (never UPDATE), MySQL nowhere. */
export function returningOf(info: ServerInfo): Capabilities['returning'] {
  const returning = info.flavor === 'mariadb' && atLeast(info, 10, 5)
  return Object.freeze({ insert: returning, update: false, delete: returning })
}

/** Before the first connection: what both MySQL and MariaDB can do. */
const NO_RETURNING: Capabilities['returning'] = Object.freeze({
  insert: false,
  update: false,
  delete: false,
})

/**
 * One capabilities object for the driver's whole life, so whoever holds it (a session
 * factory reads it once) sees RETURNING support as soon as the first connection has
 * reported the server's version. Until then it promises only what every server can do.
 */
export function liveCapabilities(server: () => ServerInfo | undefined): Capabilities {
  return Object.freeze({
    get returning() {
      const info = server()
      return info === undefined ? NO_RETURNING : returningOf(info)
    },
    savepoints: true,
    isolationLevels: ALL_ISOLATION_LEVELS,
    readOnly: true,
    concurrentConnections: true,
    /** MariaDB's max_statement_time covers every statement; MySQL's hint only SELECT. */
    get statementTimeout() {
      return server()?.flavor === 'mariadb'
    },
  })
}
