import { contenderLabels } from '../registry.js'
import { formatDuration } from '../stats.js'
import { workloadShortTitle } from '../workloads.js'
import type { CellResult, Report } from './types.js'

const cellWidth = 86
const cellHeight = 34
const labelWidth = 140
const headerHeight = 46
const panelGap = 26

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** Green at the raw driver's time, through yellow to red at 8× and beyond (log scale). */
function ratioColour(ratio: number): string {
  const position = Math.min(Math.max(Math.log2(Math.max(ratio, 1)) / 3, 0), 1)
  const hue = Math.round(130 * (1 - position))
  return `hsl(${hue}, 65%, ${Math.round(80 - position * 8)}%)`
}

function cellMarkup(x: number, y: number, cell: CellResult | undefined): string {
  const box = (fill: string) =>
    `<rect x="${x}" y="${y}" width="${cellWidth - 2}" height="${cellHeight - 2}" rx="3" fill="${fill}"/>`
  const cx = x + (cellWidth - 2) / 2
  if (cell === undefined) return ''
  if (cell.status !== 'ok' || cell.ratio === undefined) {
    const text =
      cell.status === 'ok'
        ? formatDuration(cell.medianNs)
        : cell.status === 'missing'
          ? 'n/a'
          : 'failed'
    const title = cell.status === 'ok' ? '' : `<title>${escapeXml(cell.reason)}</title>`
    return `<g>${title}${box('#eeeeee')}<text x="${cx}" y="${y + 20}" class="muted">${text}</text></g>`
  }
  return [
    '<g>',
    `<title>${formatDuration(cell.medianNs)} per operation</title>`,
    box(ratioColour(cell.ratio)),
    `<text x="${cx}" y="${y + 15}" class="ratio">${cell.ratio.toFixed(2)}×</text>`,
    `<text x="${cx}" y="${y + 27}" class="time">${formatDuration(cell.medianNs)}</text>`,
    '</g>',
  ].join('')
}

/**
 * A heat map per database: workloads across, contenders down, each cell the ratio of the
 * contender's median to the raw driver's in the same run. Hand-written SVG, no chart library.
 */
export function renderSvg(report: Report): string {
  const width = labelWidth + report.workloads.length * cellWidth + 10
  const panelHeight = headerHeight + report.contenders.length * cellHeight
  const parts: string[] = []
  let y = 34
  parts.push(
    `<text x="10" y="22" class="title">Time per operation as a multiple of the raw driver (lower is better) — ${escapeXml(report.machine.hostname)}, ${report.date.slice(0, 10)}</text>`,
  )
  for (const db of report.databases) {
    parts.push(`<text x="10" y="${y + 16}" class="panel">${escapeXml(db.label)}</text>`)
    report.workloads.forEach((w, i) => {
      const x = labelWidth + i * cellWidth + (cellWidth - 2) / 2
      parts.push(`<text x="${x}" y="${y + 16}" class="head">${w}</text>`)
      parts.push(
        `<text x="${x}" y="${y + 30}" class="sub">${escapeXml(workloadShortTitle(w, report.sizes))}</text>`,
      )
    })
    report.contenders.forEach((contender, row) => {
      const rowY = y + headerHeight - 8 + row * cellHeight
      parts.push(
        `<text x="10" y="${rowY + 20}" class="label">${escapeXml(contenderLabels[contender])}</text>`,
      )
      report.workloads.forEach((w, i) => {
        parts.push(cellMarkup(labelWidth + i * cellWidth, rowY, db.cells[w]?.[contender]))
      })
    })
    y += panelHeight + panelGap
  }
  const height = y
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">`,
    '<style>',
    '.title{font-size:14px;font-weight:600;fill:#222}',
    '.panel{font-size:13px;font-weight:600;fill:#222}',
    '.head{font-size:11px;font-weight:600;text-anchor:middle;fill:#333}',
    '.sub{font-size:9.5px;text-anchor:middle;fill:#666}',
    '.label{font-size:11.5px;fill:#222}',
    '.ratio{font-size:12px;font-weight:600;text-anchor:middle;fill:#111}',
    '.time{font-size:9px;text-anchor:middle;fill:#333}',
    '.muted{font-size:11px;text-anchor:middle;fill:#888}',
    '</style>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n')
}
