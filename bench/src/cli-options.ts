import { type DatabaseId, databases } from './config.js'
import { type ContenderId, contenderIds } from './registry.js'
import { type WorkloadId, workloadIds } from './workloads.js'

export interface CliOptions {
  readonly dbs: readonly DatabaseId[]
  readonly workloads: readonly WorkloadId[]
  readonly contenders: readonly ContenderId[]
  readonly quick: boolean
  /** Directory for the report files; quick runs write nothing unless given one. */
  readonly out: string | undefined
  readonly rounds: number | undefined
  readonly note: string | undefined
  /** Also run the compile micro-benchmark (off with --no-compile). */
  readonly compile: boolean
}

export const usage = `Usage: pnpm bench [--quick] [--db pg,mysql,better-sqlite3,libsql]
  [--workload W1,W3] [--contender raw,nakedsql,...] [--rounds N] [--out DIR] [--note TEXT]
  [--no-compile]`

function pick<T extends string>(
  value: string | undefined,
  all: readonly T[],
  what: string,
  normalize = (s: string) => s,
): T[] {
  if (value === undefined) return [...all]
  const wanted = value
    .split(',')
    .map((s) => normalize(s.trim()))
    .filter(Boolean)
  for (const name of wanted) {
    if (!all.includes(name as T)) {
      throw new Error(`unknown ${what} "${name}"; choose from ${all.join(', ')}\n${usage}`)
    }
  }
  return all.filter((name) => wanted.includes(name))
}

/** Parses `--name value`, `--name=value` and repeated options (values join with commas). */
export function parseCli(argv: readonly string[]): CliOptions {
  const values = new Map<string, string>()
  let quick = false
  let compile = true
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') continue
    if (arg === '--quick') {
      quick = true
      continue
    }
    if (arg === '--no-compile') {
      compile = false
      continue
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg)
    if (match === null) throw new Error(`unexpected argument "${arg}"\n${usage}`)
    const name = match[1]!
    const value = match[2] ?? argv[++i]
    if (value === undefined) throw new Error(`--${name} needs a value\n${usage}`)
    values.set(name, values.has(name) ? `${values.get(name)},${value}` : value)
  }
  for (const name of values.keys()) {
    if (!['db', 'workload', 'contender', 'out', 'rounds', 'note'].includes(name)) {
      throw new Error(`unknown option --${name}\n${usage}`)
    }
  }
  const rounds = values.get('rounds')
  return {
    dbs: pick(values.get('db'), databases, 'database'),
    workloads: pick(values.get('workload'), workloadIds, 'workload', (s) => s.toUpperCase()),
    contenders: pick(values.get('contender'), contenderIds, 'contender'),
    quick,
    out: values.get('out'),
    rounds: rounds === undefined ? undefined : Number(rounds),
    note: values.get('note'),
    compile,
  }
}
