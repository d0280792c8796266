/**
 * A contender process: opens one contender on one database, then runs the cells the harness
 * asks for, one at a time. Only this contender's library is loaded into the process.
 */
import v8 from 'node:v8'
import type { OpenContender, WorkloadOps } from '../contender.js'
import { type BoundWorkload, bindWorkload, type WorkloadId } from '../workloads.js'
import { runOnce, timeBatch, warm } from './measure.js'
import type { ChildArgs, ChildMessage, MemorySample, ParentMessage } from './protocol.js'
import { describeValues } from './value-types.js'

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs

function send(message: ChildMessage): void {
  process.send?.(message)
}

/** The error and its causes, one line: library errors often wrap the driver's. */
function errorText(error: unknown): string {
  const parts: string[] = []
  for (let e = error; e !== undefined && parts.length < 4; e = (e as { cause?: unknown }).cause) {
    // Some libraries put the whole SQL text, values inlined, into their messages.
    const message = e instanceof Error ? e.message : String(e)
    parts.push(message.length > 400 ? `${message.slice(0, 200)} … ${message.slice(-150)}` : message)
    if (!(e instanceof Error)) break
  }
  return parts.join(' <- ').replace(/\s+/g, ' ')
}

async function memory(ops: WorkloadOps, workload: WorkloadId): Promise<MemorySample> {
  const bound = bindWorkload(workload, ops, args.sizes)
  globalThis.gc?.()
  const before = process.memoryUsage()
  // The harness reads the GC trace of this window from stdout: the heap just before each
  // collection is the peak between collections.
  v8.setFlagsFromString('--trace-gc')
  const result = await runOnce(bound, 0)
  const after = process.memoryUsage()
  v8.setFlagsFromString('--no-trace-gc')
  const problem = bound.check(result, 0)
  if (problem !== undefined) throw new Error(`wrong result: ${problem}`)
  return {
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    rssBefore: before.rss,
    maxRss: process.resourceUsage().maxRSS * 1024,
  }
}

async function main(): Promise<void> {
  const module = (await import(args.module)) as Record<string, OpenContender>
  const open = module[args.entry]
  if (open === undefined) throw new Error(`${args.module} exports no ${args.entry}`)
  const ops = await open({ db: args.db, target: args.target, sizes: args.sizes })
  const timed = new Set<WorkloadId>()
  let cell: { bound: BoundWorkload; next: number } | undefined
  process.on('message', async (message: ParentMessage) => {
    try {
      if (message.type === 'close') {
        await ops.close()
        process.exit(0)
      }
      if (message.type === 'memory') {
        cell = undefined
        send({ type: 'memory', memory: await memory(ops, message.workload) })
        return
      }
      if (message.type === 'warm') {
        cell = undefined
        const bound = bindWorkload(message.workload, ops, args.sizes)
        const firstTime = !timed.has(message.workload)
        timed.add(message.workload)
        const warmed = await warm(bound, args.sizes, message.firstOp, firstTime)
        cell = { bound, next: warmed.next }
        const values =
          message.workload === 'W1' || message.workload === 'W8'
            ? describeValues(warmed.firstResult)
            : undefined
        send({ type: 'warmed', ops: warmed.next - message.firstOp, ...(values ? { values } : {}) })
        return
      }
      if (cell === undefined) throw new Error('a batch was asked for before a warm-up')
      const batch = await timeBatch(cell.bound, args.sizes, cell.next)
      cell.next += batch.ops
      send({ type: 'batch', ...batch })
    } catch (error) {
      cell = undefined
      send({ type: 'failed', message: errorText(error) })
    }
  })
  send({ type: 'ready', pid: process.pid })
}

main().catch((error) => {
  send({ type: 'failed', message: errorText(error) })
  setTimeout(() => process.exit(1), 50)
})
