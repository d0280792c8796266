import { execFileSync } from 'node:child_process'
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

/**
 * The commit the run measured, with `+changes` when the work tree differed from it: the library
 * under test moves fast, so a number without its revision is hard to act on.
 */
export function revision(): string {
  try {
    const git = (args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim()
    const changed = git(['status', '--porcelain', '--', '../packages', '.']) !== ''
    return `${git(['rev-parse', '--short', 'HEAD'])}${changed ? '+changes' : ''}`
  } catch {
    return 'unknown'
  }
}
