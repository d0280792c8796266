import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderMarkdown } from './markdown.js'
import { renderSvg } from './svg.js'
import type { Report } from './types.js'

/**
 * Writes <date>-<machine>.json, .md and .svg into dir; returns the paths. A complete run also
 * becomes latest.svg, the stable path the root README shows.
 */
export async function writeReport(
  report: Report,
  dir: string,
  options: { readonly complete: boolean },
): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const stem = `${report.date.slice(0, 10)}-${report.machine.hostname}${report.mode === 'quick' ? '-quick' : ''}`
  const json = join(dir, `${stem}.json`)
  const md = join(dir, `${stem}.md`)
  const svg = join(dir, `${stem}.svg`)
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(svg, renderSvg(report))
  await writeFile(md, renderMarkdown(report, `${stem}.svg`))
  if (!options.complete || report.mode === 'quick') return [json, md, svg]
  const latest = join(dir, 'latest.svg')
  await writeFile(latest, renderSvg(report))
  return [json, md, svg, latest]
}
