import { formatDuration } from '../stats.js'
import type { CompileRow } from './types.js'

export function compileMarkdown(rows: readonly CompileRow[]): string {
  const lines = [
    '| dialect | nakedsql first call (cold) | nakedsql build only | nakedsql build + compile | nakedsql build + plan (what db.execute pays) | nakedsql compile again (cached) | kysely build + compile | drizzle build + toSQL |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.dialect} | ${formatDuration(r.nakedsqlColdNs)} | ${formatDuration(r.nakedsqlBuildOnlyNs)} | ${formatDuration(r.nakedsqlBuildCompileNs)} | ${formatDuration(r.nakedsqlBuildPlanNs)} | ${formatDuration(r.nakedsqlCachedNs)} | ${formatDuration(r.kyselyBuildCompileNs)} | ${formatDuration(r.drizzleBuildCompileNs)} |`,
    )
  }
  return `${lines.join('\n')}\n`
}
