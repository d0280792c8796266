/**
 * `pnpm bench`: every workload on every database for every contender, each contender in its
 * own process, rounds interleaved; writes results/<date>-<machine>.{json,md,svg}.
 */
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCli } from './cli-options.js'
import { compileBenchInChild } from './compile-bench/run-child.js'
import { databases, fullSizes, mysqlBaseUrl, pgBaseUrl, quickSizes, type Target } from './config.js'
import { contenderIds } from './registry.js'
import { libraryVersions, machineInfo, revision } from './report/machine.js'
import type { DatabaseReport, Report } from './report/types.js'
import { writeReport } from './report/write.js'
import { runDatabase } from './runner/run-database.js'
import { workloadIds } from './workloads.js'

async function main(): Promise<void> {
  const options = parseCli(process.argv.slice(2))
  const base = options.quick ? quickSizes : fullSizes
  const sizes = options.rounds === undefined ? base : { ...base, rounds: options.rounds }
  // Quick runs may overlap with test runs: they get names of their own.
  const suffix = options.quick ? `_quick_${randomBytes(4).toString('hex')}` : ''
  const dir = join(tmpdir(), `nakedsql-bench${suffix}-${process.pid}`)
  const target: Target = {
    pgUrl: pgBaseUrl(),
    pgSchema: `nakedsql_bench${suffix}`,
    mysqlUrl: mysqlBaseUrl(),
    mysqlDatabase: `nakedsql_bench${suffix}`,
    sqliteFile: join(dir, 'better-sqlite3.db'),
    libsqlFile: join(dir, 'libsql.db'),
  }
  const started = Date.now()
  const measured = revision()
  const log = (line: string) => console.log(line)
  const reports: DatabaseReport[] = new Array(options.dbs.length)
  let next = 0
  const worker = async () => {
    for (let i = next++; i < options.dbs.length; i = next++) {
      reports[i] = await runDatabase({
        db: options.dbs[i]!,
        contenders: options.contenders,
        workloads: options.workloads,
        sizes,
        target,
        log,
      })
    }
  }
  await Promise.all(Array.from({ length: sizes.parallelDatabases }, worker))
  const compile = options.compile ? await compileBenchInChild(options.quick) : undefined
  const report: Report = {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: machineInfo(options.note),
    sizes,
    contenders: options.contenders,
    workloads: options.workloads,
    databases: reports,
    versions: libraryVersions(),
    revision: measured,
    ...(compile !== undefined ? { compile } : {}),
    durationS: Math.round((Date.now() - started) / 1000),
  }
  const out =
    options.out ?? (options.quick ? undefined : new URL('../results', import.meta.url).pathname)
  if (out !== undefined) {
    const complete =
      options.dbs.length === databases.length &&
      options.workloads.length === workloadIds.length &&
      options.contenders.length === contenderIds.length
    const files = await writeReport(report, out, { complete })
    for (const file of files) console.log(`wrote ${file}`)
  }
  console.log(`done in ${report.durationS} s`)
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
