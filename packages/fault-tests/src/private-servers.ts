import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process'
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import mysql2 from 'mysql2/promise'
import pg from 'pg'

/*
 * Throwaway PostgreSQL and MariaDB servers, one per test file, for tests that stop, kill and
 * restart their server: the shared servers on 5432/3306 serve every other file at the same
 * time and must never go down.
 */

const run = promisify(execFile)

const PG_BIN = process.env.NAKEDSQL_PG_BIN ?? '/usr/lib/postgresql/15/bin'
const MARIADBD = process.env.NAKEDSQL_MARIADBD ?? '/usr/sbin/mariadbd'

/** A TCP port nobody listens on right now (the kernel's pick for port 0). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Tries `connect` again 1 ms after each failure until it succeeds and returns the time it did
 * (Date.now()): the moment the server is taken to accept connections again.
 */
export async function acceptingAt(
  connect: () => Promise<void>,
  timeoutMs: number,
  what: string,
): Promise<number> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  while (Date.now() < deadline) {
    try {
      await connect()
      return Date.now()
    } catch (error) {
      last = error
      await new Promise((resolve) => setTimeout(resolve, 1))
    }
  }
  throw new Error(`${what} did not accept connections within ${timeoutMs} ms`, { cause: last })
}

// A worker that dies without its afterAll must not leave servers running behind it.
const leftovers = new Set<() => void>()
process.once('exit', () => {
  for (const cleanup of leftovers) cleanup()
})

export type PgStopMode = 'fast' | 'immediate'

export interface PrivatePostgres {
  readonly url: string
  /** Resolves once a client connects through TCP. */
  connectOnce(): Promise<void>
  /** pg_ctl stop in the given mode; resolves once the postmaster is gone. */
  stop(mode: PgStopMode): Promise<void>
  /** Launches the postmaster without waiting for it to accept connections. */
  start(): Promise<void>
  destroy(): Promise<void>
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(tmpdir(), 'nakedsql-pg-'))
  const data = join(dir, 'data')
  const port = await freePort()
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`
  // initdb refuses to run as root: the cluster belongs to the postgres OS user.
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString())
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString())
  await chown(dir, uid, gid)
  const asPostgres = (bin: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', join(PG_BIN, bin), ...args])
  // fsync off loses nothing when only the server process dies: the kernel still has the WAL.
  const serverOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, ...args])
  const start = async (wait: boolean) => {
    await pgCtl('-o', serverOptions, '-l', join(dir, 'log'), wait ? '-w' : '-W', 'start')
  }

  const killNow = () => {
    try {
      const pid = Number(execFileSync('head', ['-1', join(data, 'postmaster.pid')]).toString())
      if (pid > 0) process.kill(pid, 'SIGQUIT')
    } catch {}
    try {
      execFileSync('rm', ['-rf', dir])
    } catch {}
  }
  leftovers.add(killNow)
  try {
    await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'])
    await start(true)
  } catch (error) {
    const log = await readFile(join(dir, 'log'), 'utf8').catch(() => '')
    killNow()
    leftovers.delete(killNow)
    throw new Error(`private PostgreSQL failed to start: ${log.slice(-2000)}`, { cause: error })
  }

  return {
    url,
    async connectOnce() {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 })
      client.on('error', () => {})
      try {
        await client.connect()
      } finally {
        await client.end().catch(() => {})
      }
    },
    async stop(mode) {
      await pgCtl('-m', mode, '-w', 'stop')
    },
    start: () => start(false),
    async destroy() {
      leftovers.delete(killNow)
      await pgCtl('-m', 'immediate', '-w', 'stop').catch(() => {})
      await rm(dir, { recursive: true, force: true })
    },
  }
}

export interface PrivateMariadb {
  readonly uri: string
  connectOnce(): Promise<void>
  /** `mariadb-admin shutdown`; resolves once mariadbd has exited. */
  shutdown(): Promise<void>
  /** SIGKILL; resolves once mariadbd has exited. */
  kill(): Promise<void>
  /** Launches mariadbd on the same port without waiting for it to accept connections. */
  start(): void
  destroy(): Promise<void>
}

export async function startPrivateMariadb(): Promise<PrivateMariadb> {
  const dir = await mkdtemp(join(tmpdir(), 'nakedsql-mariadb-'))
  const data = join(dir, 'data')
  const port = await freePort()
  const uri = `mysql://root@127.0.0.1:${port}/nakedsql`
  // Small enough to start in well under a second. flush_log_at_trx_commit=2 still writes the
  // log to the kernel at every COMMIT, so a killed mariadbd loses nothing acknowledged; only
  // a crash of the machine would.
  const engine = [
    '--innodb-buffer-pool-size=32M',
    '--innodb-log-file-size=8M',
    '--innodb-flush-log-at-trx-commit=2',
    '--skip-name-resolve',
  ]
  const serverArgs = [
    '--no-defaults',
    `--datadir=${data}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${join(dir, 's.sock')}`,
    `--pid-file=${join(dir, 'mariadbd.pid')}`,
    `--log-error=${join(dir, 'error.log')}`,
    '--user=root',
    ...engine,
  ]
  let proc: ChildProcess | undefined
  let exited: Promise<void> = Promise.resolve()
  const start = () => {
    const child = spawn(MARIADBD, serverArgs, { stdio: 'ignore' })
    proc = child
    exited = new Promise((resolve) => child.once('exit', () => resolve()))
    void exited.then(() => {
      if (proc === child) proc = undefined
    })
  }
  const connectOnce = async () => {
    const connection = await mysql2.createConnection({
      host: '127.0.0.1',
      port,
      user: 'root',
      connectTimeout: 1000,
    })
    connection.on('error', () => {})
    await connection.end().catch(() => {})
  }

  const killNow = () => {
    proc?.kill('SIGKILL')
    try {
      execFileSync('rm', ['-rf', dir])
    } catch {}
  }
  leftovers.add(killNow)
  try {
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${data}`,
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
      '--user=root',
      ...engine,
    ])
    start()
    await acceptingAt(connectOnce, 20_000, 'private MariaDB')
    const admin = await mysql2.createConnection({ host: '127.0.0.1', port, user: 'root' })
    await admin.query('CREATE DATABASE nakedsql')
    await admin.end()
  } catch (error) {
    const log = await readFile(join(dir, 'error.log'), 'utf8').catch(() => '')
    killNow()
    leftovers.delete(killNow)
    throw new Error(`private MariaDB failed to start: ${log.slice(-2000)}`, { cause: error })
  }

  return {
    uri,
    connectOnce,
    async shutdown() {
      await run('mariadb-admin', [
        '--no-defaults',
        '--protocol=tcp',
        '-h127.0.0.1',
        `-P${port}`,
        '-uroot',
        'shutdown',
      ])
      await exited
    },
    async kill() {
      proc?.kill('SIGKILL')
      await exited
    },
    start,
    async destroy() {
      leftovers.delete(killNow)
      proc?.kill('SIGKILL')
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}
