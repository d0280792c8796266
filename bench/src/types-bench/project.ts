import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { assertModule } from './model.js'

export interface GeneratedProject {
  readonly schema: string
  readonly queries: readonly { readonly name: string; readonly source: string }[]
}

/**
 * Writes a generated project: schema.ts, assert.ts, one query file per table and a strict
 * tsconfig. `paths` maps package names to declaration files where a library is not resolved
 * from node_modules (nakedsql's emitted declarations).
 */
export async function writeProject(
  dir: string,
  project: GeneratedProject,
  paths: Record<string, string[]>,
): Promise<void> {
  await rm(dir, { recursive: true, force: true })
  await mkdir(join(dir, 'queries'), { recursive: true })
  await writeFile(join(dir, 'schema.ts'), project.schema)
  await writeFile(join(dir, 'assert.ts'), assertModule)
  for (const query of project.queries) {
    await writeFile(join(dir, 'queries', query.name), query.source)
  }
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2022', 'ESNext.Disposable'],
      module: 'ESNext',
      moduleResolution: 'Bundler',
      strict: true,
      noUncheckedIndexedAccess: true,
      skipLibCheck: true,
      noEmit: true,
      types: [],
      paths,
    },
    include: ['schema.ts', 'assert.ts', 'queries'],
  }
  await writeFile(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)
}
