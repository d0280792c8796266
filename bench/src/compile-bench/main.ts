/**
 * `pnpm --filter @nakedsql/bench bench:compile`: the cost of building and compiling a select
 * with ten joins, per dialect. nakedsql: the first call in the process (cold), a new
 * statement built and compiled per call, a statement built per call and planned through the
 * shape index with its values bound (what `db.execute` pays before the driver), and compiling
 * an already compiled statement again (its per-dialect cache). Kysely and Drizzle build and compile per
 * call for comparison (neither caches).
 */

import { drizzleBuilders } from './drizzle.js'
import { kyselyDbs, kyselyTenJoins } from './kysely.js'
import { compileMarkdown } from './markdown.js'
import { buildTenJoins, dialects, planner } from './nakedsql.js'
import { timeFirstCall, timePerCall } from './timing.js'
import type { CompileRow } from './types.js'

export function runCompileBench(budgetMs = 400): CompileRow[] {
  let id = 0
  const colds = Object.entries(dialects).map(([name, dialect]) => ({
    name,
    dialect,
    coldNs: timeFirstCall(() => buildTenJoins(1).compile(dialect)),
  }))
  // Every library's code gets the same warm-up before any timing, whatever its order below.
  for (const { name, dialect } of colds) {
    const key = name as keyof typeof kyselyDbs
    timePerCall(() => buildTenJoins(id++).compile(dialect), budgetMs / 2)
    timePerCall(() => kyselyTenJoins(kyselyDbs[key], id++), budgetMs / 2)
    timePerCall(() => drizzleBuilders[key](id++), budgetMs / 2)
  }
  const rows: CompileRow[] = []
  for (const { name, dialect, coldNs: nakedsqlColdNs } of colds) {
    const key = name as keyof typeof kyselyDbs
    const built = buildTenJoins(1)
    built.compile(dialect)
    const plan = planner(dialect)
    timePerCall(() => plan(id++), budgetMs / 2)
    rows.push({
      dialect: name,
      nakedsqlColdNs,
      nakedsqlBuildOnlyNs: timePerCall(() => buildTenJoins(id++), budgetMs),
      nakedsqlBuildCompileNs: timePerCall(() => buildTenJoins(id++).compile(dialect), budgetMs),
      nakedsqlCachedNs: timePerCall(() => built.compile(dialect), budgetMs),
      nakedsqlBuildPlanNs: timePerCall(() => plan(id++), budgetMs),
      kyselyBuildCompileNs: timePerCall(() => kyselyTenJoins(kyselyDbs[key], id++), budgetMs),
      drizzleBuildCompileNs: timePerCall(() => drizzleBuilders[key](id++), budgetMs),
    })
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick')
  const rows = runCompileBench(quick ? 10 : 400)
  console.log(process.argv.includes('--json') ? JSON.stringify(rows) : compileMarkdown(rows))
}
