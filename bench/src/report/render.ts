/**
 * Re-renders the markdown and SVG of a results JSON (after a change to the report format, or
 * to copy a run into results/): `tsx src/report/render.ts results/<file>.json [--latest]`.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { renderMarkdown } from './markdown.js'
import { renderSvg } from './svg.js'
import type { Report } from './types.js'

const file = process.argv[2]
if (file === undefined) throw new Error('usage: tsx src/report/render.ts <results json> [--latest]')
const report = JSON.parse(await readFile(file, 'utf8')) as Report
const stem = join(dirname(file), basename(file, '.json'))
await writeFile(`${stem}.svg`, renderSvg(report))
await writeFile(`${stem}.md`, renderMarkdown(report, `${basename(stem)}.svg`))
if (process.argv.includes('--latest'))
  await writeFile(join(dirname(file), 'latest.svg'), renderSvg(report))
console.log(`wrote ${stem}.md and ${stem}.svg`)
