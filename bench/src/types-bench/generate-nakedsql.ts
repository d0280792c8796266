import { insertValues, rowType, schemaModel, type TableModel } from './model.js'
import type { GeneratedProject } from './project.js'

const builders: Record<string, string> = {
  integer: 'integer()',
  varchar: 'varchar(100)',
  text: 'text()',
  double: 'double()',
  boolean: 'boolean()',
  timestamp: 'timestamp()',
}

function tableSource(t: TableModel): string {
  const columns = t.columns.map((c) => {
    let builder = builders[c.kind]!
    if (c.role === 'key') builder += '.primaryKey().autoIncrement()'
    // A self reference needs its return type written, as TypeScript asks of any cycle.
    if (c.role === 'parent') {
      const annotation = t.parent === t.name ? ': ReferenceTarget' : ''
      builder += `.references(()${annotation} => ${t.parent}.id)`
    }
    if (!c.nullable && c.role !== 'key') builder += '.notNull()'
    return `  ${c.name}: ${builder},`
  })
  return `export const ${t.name} = table('${t.name}', {\n${columns.join('\n')}\n})\n`
}

function queriesSource(t: TableModel): string {
  const row = rowType(t)
  const parent = t.parent
  return `import { alias, count, eq, insert, select, update, type Session } from '@nakedsql/core'
import { check, type Same } from '../assert.js'
import { ${t.name}${parent !== t.name ? `, ${parent}` : ''} } from '../schema.js'

type Row = ${row}

const p = alias(${parent}, 'p')

export async function queries${t.index}(s: Session) {
  const byId = (await s.scalars(select(${t.name}).where(eq(${t.name}.id, 1)))).first()
  check<Same<typeof byId, Row | null>>()

  const joined = (
    await s.tuples(
      select(${t.name}, p.name)
        .from(${t.name})
        .innerJoin(p, eq(p.id, ${t.name}.parent_id)),
    )
  ).all()
  check<Same<(typeof joined)[number], [Row, string]>>()

  const inserted = (await s.scalars(insert(${t.name}).values(${insertValues(t)}).returning(${t.name}))).one()
  check<Same<typeof inserted, Row>>()

  const updated = await s.execute(update(${t.name}).set({ name: 'y' }).where(eq(${t.name}.id, 1)))
  check<Same<typeof updated.rowCount, number>>()

  const groups = (
    await s.tuples(select(${t.name}.parent_id, count().as('n')).from(${t.name}).groupBy(${t.name}.parent_id))
  ).all()
  check<Same<(typeof groups)[number], [number | null, number]>>()
}
`
}

export function generateNakedsql(tables: number): GeneratedProject {
  const model = schemaModel(tables)
  const schema = `import { boolean, double, integer, type ReferenceTarget, table, text, timestamp, varchar } from '@nakedsql/core'\n\n${model.map(tableSource).join('\n')}`
  return {
    schema,
    queries: model.map((t) => ({ name: `t${t.index}.ts`, source: queriesSource(t) })),
  }
}
