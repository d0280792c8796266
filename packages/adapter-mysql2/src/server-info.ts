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

/**
 * Capabilities before the first connection has told the server's flavour: what both MySQL
 * and MariaDB can do, so nothing is promised that the server may refuse.
 */
export const BASE_CAPABILITIES: Capabilities = Object.freeze({
  returning: Object.freeze({ insert: false, update: false, delete: false }),
  savepoints: true,
  isolationLevels: ALL_ISOLATION_LEVELS,
  readOnly: true,
  concurrentConnections: true,
})

/** MariaDB runs RETURNING on INSERT and DELETE since 10.5 (not on UPDATE); MySQL on none. */
export function capabilitiesOf(info: ServerInfo): Capabilities {
  const returning = info.flavor === 'mariadb' && atLeast(info, 10, 5)
  return Object.freeze({
    ...BASE_CAPABILITIES,
    returning: Object.freeze({ insert: returning, update: false, delete: returning }),
  })
}
