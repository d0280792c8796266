import { insertValues, rowType, schemaModel, type TableModel } from './model.js'
import type { GeneratedProject } from './project.js'

const tsTypes: Record<string, string> = {
  integer: 'number',
  varchar: 'string',
  text: 'string',
  double: 'number',
  boolean: 'boolean',
  timestamp: 'Date',
}

/** Kysely's schema is a type: one interface per table, `Generated<>` on the key. */
function tableSource(t: TableModel): string {
  const fields = t.columns.map((c) => {
    const type = `${tsTypes[c.kind]}${c.nullable ? ' | null' : ''}`
    return `  ${c.name}: ${c.role === 'key' ? `Generated<${type}>` : type}`
  })
  return `export interface ${t.name.toUpperCase()} {\n${fields.join('\n')}\n}\n`
}

function queriesSource(t: TableModel): string {
  const parent = t.parent
  return `import type { Kysely } from 'kysely'
import { check, type Same } from '../assert.js'
import type { Database } from '../schema.js'

type Row = ${rowType(t)}

export async function queries${t.index}(db: Kysely<Database>) {
  const byId = await db.selectFrom('${t.name}').selectAll().where('id', '=', 1).executeTakeFirst()
  check<Same<typeof byId, Row | undefined>>()

  const joined = await db
    .selectFrom('${t.name}')
    .innerJoin('${parent} as p', 'p.id', '${t.name}.parent_id')
    .selectAll('${t.name}')
    .select('p.name as parent_name')
    .execute()
  check<Same<(typeof joined)[number], Row & { parent_name: string }>>()

  const inserted = await db
    .insertInto('${t.name}')
    .values(${insertValues(t)})
    .returningAll()
    .executeTakeFirstOrThrow()
  check<Same<typeof inserted, Row>>()

  const updated = await db.updateTable('${t.name}').set({ name: 'y' }).where('id', '=', 1).executeTakeFirst()
  check<Same<typeof updated.numUpdatedRows, bigint>>()

  const groups = await db
    .selectFrom('${t.name}')
    .select((eb) => ['parent_id', eb.fn.countAll<number>().as('n')])
    .groupBy('parent_id')
    .execute()
  check<Same<(typeof groups)[number], { parent_id: number | null; n: number }>>()
}
`
}

export function generateKysely(tables: number): GeneratedProject {
  const model = schemaModel(tables)
  const database = model.map((t) => `  ${t.name}: ${t.name.toUpperCase()}`).join('\n')
  const schema = `import type { Generated } from 'kysely'\n\n${model.map(tableSource).join('\n')}\nexport interface Database {\n${database}\n}\n`
  return {
    schema,
    queries: model.map((t) => ({ name: `t${t.index}.ts`, source: queriesSource(t) })),
  }
}
