import { insertValues, rowType, schemaModel, type TableModel } from './model.js'
import type { GeneratedProject } from './project.js'

const builders: Record<string, string> = {
  integer: 'integer()',
  varchar: 'varchar({ length: 100 })',
  text: 'text()',
  double: 'doublePrecision()',
  boolean: 'boolean()',
  timestamp: 'timestamp()',
}

function tableSource(t: TableModel): string {
  const columns = t.columns.map((c) => {
    let builder = builders[c.kind]!
    if (c.role === 'key') builder += '.primaryKey().generatedByDefaultAsIdentity()'
    if (c.role === 'parent') {
      const annotation = t.parent === t.name ? ': AnyPgColumn' : ''
      builder += `.references(()${annotation} => ${t.parent}.id)`
    }
    if (!c.nullable && c.role !== 'key') builder += '.notNull()'
    return `  ${c.name}: ${builder},`
  })
  return `export const ${t.name} = pgTable('${t.name}', {\n${columns.join('\n')}\n})\n`
}

function queriesSource(t: TableModel): string {
  const parent = t.parent
  return `import { count, eq } from 'drizzle-orm'
import type { NodePgDatabase } from 'drizzle-orm/node-postgres'
import { alias } from 'drizzle-orm/pg-core'
import { check, type Same } from '../assert.js'
import { ${t.name}${parent !== t.name ? `, ${parent}` : ''} } from '../schema.js'

type Row = ${rowType(t)}

const p = alias(${parent}, 'p')

export async function queries${t.index}(db: NodePgDatabase) {
  const [byId] = await db.select().from(${t.name}).where(eq(${t.name}.id, 1))
  check<Same<typeof byId, Row | undefined>>()

  const joined = await db
    .select({ child: ${t.name}, parentName: p.name })
    .from(${t.name})
    .innerJoin(p, eq(p.id, ${t.name}.parent_id))
  check<Same<(typeof joined)[number], { child: Row; parentName: string }>>()

  const [inserted] = await db.insert(${t.name}).values(${insertValues(t)}).returning()
  check<Same<typeof inserted, Row | undefined>>()

  const updated = await db.update(${t.name}).set({ name: 'y' }).where(eq(${t.name}.id, 1))
  check<Same<typeof updated.rowCount, number | null>>()

  const groups = await db
    .select({ parent: ${t.name}.parent_id, n: count() })
    .from(${t.name})
    .groupBy(${t.name}.parent_id)
  check<Same<(typeof groups)[number], { parent: number | null; n: number }>>()
}
`
}

export function generateDrizzle(tables: number): GeneratedProject {
  const model = schemaModel(tables)
  const schema = `import { type AnyPgColumn, boolean, doublePrecision, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core'\n\n${model.map(tableSource).join('\n')}`
  return {
    schema,
    queries: model.map((t) => ({ name: `t${t.index}.ts`, source: queriesSource(t) })),
  }
}
