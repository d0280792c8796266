import { type ChildProcess, fork } from 'node:child_process'
import type { ChildArgs, ChildMessage, ParentMessage } from './protocol.js'

const childEntry = new URL('./child.ts', import.meta.url)
/** tsx reads the bench tsconfig (decorators for TypeORM) from the working directory. */
const benchDir = new URL('../../', import.meta.url)

/**
 * One contender's child process. Requests go one at a time; the answer is the next message.
 * stdout is kept (the GC trace of a memory measurement), stderr's tail explains a crash.
 */
export class ContenderProcess {
  private stdout = ''
  private stderr = ''
  private waiting: ((message: ChildMessage) => void) | undefined
  private exited = false

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => {
      this.stdout += chunk.toString()
    })
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-4000)
    })
    child.on('message', (message: ChildMessage) => {
      const waiting = this.waiting
      this.waiting = undefined
      waiting?.(message)
    })
    child.on('exit', (code, signal) => {
      this.exited = true
      const waiting = this.waiting
      this.waiting = undefined
      const tail = this.stderr.trim().split('\n').slice(-6).join(' | ')
      waiting?.({
        type: 'failed',
        message: `process exited (${signal ?? code})${tail ? `: ${tail}` : ''}`,
      })
    })
  }

  /** Starts the process and waits until the contender has connected. */
  static async start(
    args: ChildArgs,
    options: { readonly traceMemory?: boolean; readonly timeoutMs: number },
  ): Promise<{ process: ContenderProcess; ready: ChildMessage }> {
    const child = fork(childEntry, [JSON.stringify(args)], {
      execArgv: ['--import', 'tsx', '--conditions=source', '--expose-gc'],
      cwd: benchDir,
      env: { ...process.env, TZ: 'UTC' },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const started = new ContenderProcess(child)
    const ready = await started.next(options.timeoutMs)
    return { process: started, ready }
  }

  get output(): string {
    return this.stdout
  }

  async request(message: ParentMessage, timeoutMs: number): Promise<ChildMessage> {
    if (this.exited) return { type: 'failed', message: 'process is not running' }
    const answer = this.next(timeoutMs)
    this.child.send(message)
    return answer
  }

  /** Asks the contender to close its connections, then makes sure the process is gone. */
  async close(): Promise<void> {
    if (this.exited) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.send({ type: 'close' } satisfies ParentMessage)
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }

  private next(timeoutMs: number): Promise<ChildMessage> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = undefined
        this.child.kill('SIGKILL')
        resolve({ type: 'failed', message: `no answer within ${Math.round(timeoutMs / 1000)} s` })
      }, timeoutMs)
      this.waiting = (message) => {
        clearTimeout(timer)
        resolve(message)
      }
    })
  }
}
