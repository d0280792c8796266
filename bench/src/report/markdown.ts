import { compileMarkdown } from '../compile-bench/markdown.js'
import { type ContenderId, contenderLabels } from '../registry.js'
import { formatBytes, formatDuration } from '../stats.js'
import { workloadTitle } from '../workloads.js'
import type { CellResult, DatabaseReport, Report } from './types.js'

function spreadPercent(cell: Extract<CellResult, { status: 'ok' }>): string {
  return `±${Math.round(((cell.p75Ns - cell.p25Ns) / 2 / cell.medianNs) * 100)}%`
}

function databaseSection(report: Report, db: DatabaseReport): string[] {
  const notes: string[] = []
  const noteNumber = (text: string) => {
    const index = notes.indexOf(text)
    if (index >= 0) return index + 1
    notes.push(text)
    return notes.length
  }
  const lines = [`### ${db.label}`, '']
  lines.push(
    `| | ${report.workloads.map((w) => `${w} ${workloadTitle(w, report.sizes)}`).join(' | ')} |`,
  )
  lines.push(`|---|${report.workloads.map(() => '---:').join('|')}|`)
  for (const contender of report.contenders) {
    const cells = report.workloads.map((w) => {
      const cell = db.cells[w]?.[contender]
      if (cell === undefined) return ''
      if (cell.status === 'missing') return `n/a [${noteNumber(cell.reason)}]`
      if (cell.status === 'failed') return `failed [${noteNumber(cell.reason)}]`
      const ratio = cell.ratio === undefined ? '' : `**${cell.ratio.toFixed(2)}×** `
      return `${ratio}${formatDuration(cell.medianNs)} ${spreadPercent(cell)}`
    })
    lines.push(`| ${contenderLabels[contender]} | ${cells.join(' | ')} |`)
  }
  lines.push('')
  const memory = Object.entries(db.w3Memory)
  if (memory.length > 0) {
    lines.push('W3 memory (fresh process, one read of every row, result held):', '')
    lines.push('| | heap before | peak heap | growth | growth vs raw | peak RSS |')
    lines.push('|---|---:|---:|---:|---:|---:|')
    for (const contender of report.contenders) {
      const m = db.w3Memory[contender]
      if (m === undefined) continue
      if (m.status !== 'ok') {
        lines.push(
          `| ${contenderLabels[contender]} | ${m.status} [${noteNumber(m.reason ?? '')}] | | | | |`,
        )
        continue
      }
      const growth = m.peakHeap! - m.heapBefore!
      const ratio = m.heapRatio === undefined ? '' : `${m.heapRatio.toFixed(2)}×`
      lines.push(
        `| ${contenderLabels[contender]} | ${formatBytes(m.heapBefore!)} | ${formatBytes(m.peakHeap!)} | ${formatBytes(growth)} | ${ratio} | ${formatBytes(m.maxRss!)} |`,
      )
    }
    lines.push('')
  }
  const typed = Object.entries(db.valueTypes) as [ContenderId, { W1?: Record<string, string> }][]
  const w1Types = typed.filter(([, t]) => t.W1 !== undefined)
  if (w1Types.length > 0) {
    const columns = Object.keys(w1Types[0]![1].W1!)
    lines.push('What a W1 user row holds, per contender:', '')
    lines.push(`| | ${columns.join(' | ')} |`, `|---|${columns.map(() => '---').join('|')}|`)
    for (const [contender, types] of w1Types) {
      lines.push(
        `| ${contenderLabels[contender]} | ${columns.map((c) => types.W1?.[c] ?? '?').join(' | ')} |`,
      )
    }
    lines.push('')
  }
  if (notes.length > 0) {
    lines.push(...notes.map((note, i) => `[${i + 1}] ${note.replaceAll('|', '\\|')}  `), '')
  }
  return lines
}

/** The report as markdown: one table per database, ratios to the raw driver in bold. */
export function renderMarkdown(report: Report, chartFile: string | undefined): string {
  const m = report.machine
  const lines = [
    `# nakedsql bench, ${report.date.slice(0, 10)} on ${m.hostname}`,
    '',
    `${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, ${m.platform}, Node ${m.node}. ${m.note}`,
    '',
    `Mode: ${report.mode}; ${report.sizes.rounds} rounds; ${report.sizes.users} users, ${report.sizes.posts} posts. Run time ${report.durationS} s. Revision ${report.revision ?? 'not recorded'}.`,
    `Versions: ${Object.entries(report.versions)
      .map(([name, version]) => `${name} ${version}`)
      .join(', ')}.`,
    '',
    'Each cell: **ratio to the raw driver** (same run), median time per operation, and half the',
    'interquartile range of the batch samples. Lower is better. See bench/README.md for the method.',
    '',
  ]
  if (chartFile !== undefined) lines.push(`![ratios to the raw driver](${chartFile})`, '')
  for (const db of report.databases) lines.push(...databaseSection(report, db))
  if (report.compile !== undefined) {
    lines.push('### Building and compiling a ten-join select', '')
    if ('error' in report.compile) lines.push(`failed: ${report.compile.error}`, '')
    else lines.push(compileMarkdown(report.compile))
  }
  return `${lines.join('\n')}\n`
}
