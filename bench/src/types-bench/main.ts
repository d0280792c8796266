/**
 * `pnpm bench:types`: what type-checking costs with each library. The same schema of 10, 100
 * and 300 tables and five typical queries per table, every result's inferred type asserted,
 * for nakedsql, Drizzle and Kysely; tsc figures for the whole project and for a one-file edit
 * (an incremental re-run after changing one query file).
 */
import { appendFile, mkdir, readdir, rm, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { generateDrizzle } from './generate-drizzle.js'
import { generateKysely } from './generate-kysely.js'
import { generateNakedsql } from './generate-nakedsql.js'
import { type GeneratedProject, writeProject } from './project.js'
import { runTsc, type TscFigures } from './tsc.js'

const benchDir = fileURLToPath(new URL('../../', import.meta.url))
const tmp = join(benchDir, '.types-tmp')
const coreDir = fileURLToPath(new URL('../../../packages/core/', import.meta.url))

/**
 * nakedsql's declarations, emitted from its sources: every library is then checked through
 * .d.ts files with skipLibCheck, as an application consumes a published package.
 */
async function emitNakedsqlDeclarations(): Promise<string> {
  const out = join(tmp, 'nakedsql-core-dts')
  await rm(out, { recursive: true, force: true })
  const config = join(tmp, 'tsconfig.core-dts.json')
  await writeFile(
    config,
    JSON.stringify({
      extends: join(coreDir, 'tsconfig.json'),
      compilerOptions: {
        noEmit: false,
        declaration: true,
        emitDeclarationOnly: true,
        sourceMap: false,
        declarationMap: false,
        outDir: out,
        rootDir: join(coreDir, 'src'),
      },
      include: [join(coreDir, 'src')],
      exclude: [join(coreDir, 'src/**/*.test.ts'), join(coreDir, 'src/**/*.test-d.ts')],
    }),
  )
  await runTsc(['-p', config])
  if (!(await readdir(out)).includes('index.d.ts')) {
    throw new Error(`nakedsql declarations were not emitted into ${out}`)
  }
  return join(out, 'index.d.ts')
}

interface Measurement {
  readonly library: string
  readonly tables: number
  readonly full: TscFigures
  readonly edit: TscFigures
}

async function measure(
  library: string,
  tables: number,
  project: GeneratedProject,
  paths: Record<string, string[]>,
): Promise<Measurement> {
  const dir = join(tmp, `${library}-${tables}`)
  await writeProject(dir, project, paths)
  const full = await runTsc(['-p', dir])
  const incremental = ['-p', dir, '--incremental', '--tsBuildInfoFile', join(dir, '.tsbuildinfo')]
  await runTsc(incremental)
  // A one-line edit in the middle table's query file, as in an editor.
  const edited = join(dir, 'queries', `t${Math.floor(tables / 2)}.ts`)
  await appendFile(edited, `\nexport const edited = ${Date.now()}\n`)
  const edit = await runTsc(incremental)
  return { library, tables, full, edit }
}

function markdown(rows: readonly Measurement[]): string {
  const lines = [
    '| tables | library | full check | full total | memory | instantiations | edit check | edit total | edit instantiations | errors |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of rows) {
    lines.push(
      `| ${r.tables} | ${r.library} | ${r.full.checkS.toFixed(2)} s | ${r.full.totalS.toFixed(2)} s | ${r.full.memoryMb} MB | ${r.full.instantiations.toLocaleString('en-US')} | ${(r.edit.checkS * 1000).toFixed(0)} ms | ${(r.edit.totalS * 1000).toFixed(0)} ms | ${r.edit.instantiations.toLocaleString('en-US')} | ${r.full.errors.length} |`,
    )
  }
  return `${lines.join('\n')}\n`
}

async function main(): Promise<void> {
  const sizes = process.argv.includes('--quick') ? [3] : [10, 100, 300]
  await mkdir(tmp, { recursive: true })
  const nakedsqlTypes = await emitNakedsqlDeclarations()
  const rows: Measurement[] = []
  for (const tables of sizes) {
    rows.push(
      await measure('nakedsql', tables, generateNakedsql(tables), {
        '@nakedsql/core': [nakedsqlTypes],
      }),
    )
    rows.push(await measure('drizzle', tables, generateDrizzle(tables), {}))
    rows.push(await measure('kysely', tables, generateKysely(tables), {}))
    console.log(markdown(rows.slice(-3)))
  }
  for (const r of rows) {
    for (const error of r.full.errors.slice(0, 5)) console.log(`${r.library} ${r.tables}: ${error}`)
  }
  const date = new Date().toISOString()
  const stem = join(benchDir, 'results', `types-${date.slice(0, 10)}-${hostname()}`)
  if (!process.argv.includes('--quick')) {
    await writeFile(
      `${stem}.json`,
      `${JSON.stringify({ date, machine: hostname(), rows }, null, 2)}\n`,
    )
    await writeFile(
      `${stem}.md`,
      `# Type-check cost, ${date.slice(0, 10)} on ${hostname()}\n\nTypeScript from the workspace, \`tsc --extendedDiagnostics\`; "edit" is an incremental re-run after a one-line change to one query file.\n\n${markdown(rows)}`,
    )
    console.log(`wrote ${stem}.json and .md`)
  }
  // Generated projects are scratch: left behind they would be linted and type-checked as ours.
  if (!process.argv.includes('--keep')) await rm(tmp, { recursive: true, force: true })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
