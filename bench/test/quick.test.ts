import { execFile } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { databases } from '../src/config.js'
import { contenderIds, locate } from '../src/registry.js'
import type { Report } from '../src/report/types.js'
import { workloadIds } from '../src/workloads.js'

/*
 * `pnpm bench --quick` end to end: every cell on every database with tiny counts, so a
 * contender that breaks (an API change, a wrong result, rows not written) fails here. Nothing
 * about speed is asserted.
 */
const run = promisify(execFile)
const benchDir = new URL('..', import.meta.url).pathname
let out: string
let report: Report

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'nakedsql-bench-quick-'))
  await run(process.execPath, ['--import', 'tsx', 'src/main.ts', '--quick', '--out', out], {
    cwd: benchDir,
    maxBuffer: 16 * 1024 * 1024,
  })
  const json = (await readdir(out)).find((name) => name.endsWith('.json'))
  report = JSON.parse(await readFile(join(out, json!), 'utf8')) as Report
}, 600_000)

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

describe('pnpm bench --quick', () => {
  it('writes the JSON report, the markdown tables and the SVG chart', async () => {
    const files = (await readdir(out)).sort()
    expect(files.map((f) => f.replace(/^.*-quick/, ''))).toEqual(['.json', '.md', '.svg'])
    const svg = await readFile(join(out, files.find((f) => f.endsWith('.svg'))!), 'utf8')
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
    const md = await readFile(join(out, files.find((f) => f.endsWith('.md'))!), 'utf8')
    for (const db of report.databases) expect(md).toContain(`### ${db.label}`)
  })

  it('fills every cell with a time, or says why the contender has none there', () => {
    expect(report.databases.map((d) => d.id)).toEqual([...databases])
    const problems: string[] = []
    for (const db of report.databases) {
      for (const workload of workloadIds) {
        for (const contender of contenderIds) {
          const cell = db.cells[workload]?.[contender]
          const where = `${db.id} ${workload} ${contender}`
          if (cell === undefined) problems.push(`${where}: no cell`)
          else if (cell.status === 'failed') problems.push(`${where}: ${cell.reason}`)
          else if (cell.status === 'missing') {
            // Only a registry-declared gap may be missing, and it must say why.
            expect('missing' in locate(contender, db.id), where).toBe(true)
            expect(cell.reason.length, where).toBeGreaterThan(10)
          } else {
            expect(cell.medianNs, where).toBeGreaterThan(0)
            expect(cell.ratio, where).toBeGreaterThan(0)
          }
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('measures W3 memory for every contender that has a driver', () => {
    for (const db of report.databases) {
      for (const contender of contenderIds) {
        const memory = db.w3Memory[contender]
        const where = `${db.id} ${contender}`
        if ('missing' in locate(contender, db.id)) {
          expect(memory?.status, where).toBe('missing')
        } else {
          expect(memory, where).toMatchObject({ status: 'ok' })
          expect(memory!.peakHeap!, where).toBeGreaterThan(0)
          // The resident set holds the heap, so a smaller RSS means a broken measurement.
          expect(memory!.maxRss!, where).toBeGreaterThan(memory!.peakHeap!)
        }
      }
    }
  })
})
