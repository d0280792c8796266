import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderMarkdown } from './markdown.js'
import { renderSvg } from './svg.js'
import type { Report } from './types.js'

/** Writes <date>-<machine>.json, .md and .svg into dir; returns the paths. */
export async function writeReport(report: Report, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const stem = `${report.date.slice(0, 10)}-${report.machine.hostname}${report.mode === 'quick' ? '-quick' : ''}`
  const json = join(dir, `${stem}.json`)
  const md = join(dir, `${stem}.md`)
  const svg = join(dir, `${stem}.svg`)
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(svg, renderSvg(report))
  await writeFile(md, renderMarkdown(report, `${stem}.svg`))
  return [json, md, svg]
}
