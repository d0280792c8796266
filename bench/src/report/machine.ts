import { readFileSync } from 'node:fs'
import { cpus, hostname, loadavg, totalmem } from 'node:os'
import type { MachineInfo } from './types.js'

export function machineInfo(note: string | undefined): MachineInfo {
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')
  return {
    hostname: hostname(),
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    note: `${note ? `${note} ` : ''}Load average at the end of the run: ${load}.`,
  }
}

/** The installed version of each library in the race. */
export function libraryVersions(): Record<string, string> {
  const names = [
    'pg',
    'mysql2',
    'better-sqlite3',
    '@libsql/client',
    'drizzle-orm',
    'kysely',
    'knex',
    'typeorm',
  ]
  const versions: Record<string, string> = {}
  for (const name of names) {
    try {
      const path = new URL(`../../node_modules/${name}/package.json`, import.meta.url)
      versions[name] = (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version
    } catch {
      versions[name] = 'unknown'
    }
  }
  return versions
}
