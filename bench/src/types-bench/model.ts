/** A generated table: a key, a nullable foreign key, 6 to 10 more columns. */
export interface TableModel {
  readonly index: number
  readonly name: string
  /**
   * The table the foreign key points at: t(i / 10), so a few tables are referenced by many, as
   * in real schemas (t0 points at itself). A chain (each table at the previous one) would be
   * 300 levels deep, and TypeScript overflows its stack inferring the callbacks of
   * `references()` along it when it checks one file of such a project.
   */
  readonly parent: string
  readonly columns: readonly ColumnModel[]
}

export type ColumnKind = 'integer' | 'varchar' | 'text' | 'double' | 'boolean' | 'timestamp'

export interface ColumnModel {
  readonly name: string
  readonly kind: ColumnKind
  readonly nullable: boolean
  /** The key or the foreign key: inserts may leave them out or must give them. */
  readonly role?: 'key' | 'parent'
}

const base: ColumnModel[] = [
  { name: 'id', kind: 'integer', nullable: false, role: 'key' },
  { name: 'parent_id', kind: 'integer', nullable: true, role: 'parent' },
  { name: 'name', kind: 'varchar', nullable: false },
  { name: 'body', kind: 'text', nullable: true },
  { name: 'qty', kind: 'integer', nullable: false },
  { name: 'price', kind: 'double', nullable: false },
  { name: 'active', kind: 'boolean', nullable: false },
  { name: 'created', kind: 'timestamp', nullable: false },
]

const extras: ColumnModel[] = [
  { name: 'label', kind: 'varchar', nullable: false },
  { name: 'rank', kind: 'integer', nullable: true },
  { name: 'flag', kind: 'boolean', nullable: true },
  { name: 'updated', kind: 'timestamp', nullable: true },
]

/** The same schema for every library: table i has 8 + (i mod 5) columns. */
export function schemaModel(tables: number): TableModel[] {
  return Array.from({ length: tables }, (_, index) => ({
    index,
    name: `t${index}`,
    parent: `t${Math.floor(index / 10)}`,
    columns: [...base, ...extras.slice(0, index % 5)],
  }))
}

const tsTypes: Record<ColumnKind, string> = {
  integer: 'number',
  varchar: 'string',
  text: 'string',
  double: 'number',
  boolean: 'boolean',
  timestamp: 'Date',
}

/** The row type every library should infer, written out, for the assertions. */
export function rowType(table: TableModel): string {
  const fields = table.columns.map(
    (c) => `${c.name}: ${tsTypes[c.kind]}${c.nullable ? ' | null' : ''}`,
  )
  return `{ ${fields.join('; ')} }`
}

/** Values for an insert: every required column. */
export function insertValues(table: TableModel): string {
  const sample: Record<ColumnKind, string> = {
    integer: '1',
    varchar: "'x'",
    text: "'x'",
    double: '1.5',
    boolean: 'true',
    timestamp: 'new Date()',
  }
  const fields = table.columns
    .filter((c) => !c.nullable && c.role !== 'key')
    .map((c) => `${c.name}: ${sample[c.kind]}`)
  return `{ ${fields.join(', ')} }`
}

/**
 * `Same<A, B>`: mutual assignability, and neither side `any` (which would pass anything): the
 * check each generated query asserts.
 */
export const assertModule = `type IsAny<T> = 0 extends 1 & T ? true : false
export type Same<A, B> = true extends IsAny<A> | IsAny<B>
  ? false
  : [A] extends [B]
    ? [B] extends [A]
      ? true
      : false
    : false
export function check<T extends true>(): T | undefined {
  return undefined
}
`
