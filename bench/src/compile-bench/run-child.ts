import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { CompileRow } from './types.js'

const run = promisify(execFile)

/**
 * Runs the compile micro-benchmark in its own process: the workspace packages resolve to
 * their sources there (the `source` condition), and no contender's code shares its heap.
 */
export async function compileBenchInChild(
  quick: boolean,
): Promise<CompileRow[] | { error: string }> {
  const entry = new URL('./main.ts', import.meta.url).pathname
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', entry, '--json', ...(quick ? ['--quick'] : [])],
      { cwd: new URL('../../', import.meta.url).pathname, maxBuffer: 1024 * 1024 },
    )
    return JSON.parse(stdout.trim().split('\n').pop()!) as CompileRow[]
  } catch (error) {
    return {
      error:
        error instanceof Error ? error.message.split('\n').slice(0, 3).join(' ') : String(error),
    }
  }
}
