import type { CreateEnumNode, DdlNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import { Statement } from '../statements/statement.js'
import type { RelationDef, TableDef } from './table-def.js'

/**
 * One DDL statement (CREATE/DROP of a table, index, view or enum type). It returns no
 * rows; execute it like any other statement.
 *
 * @example
 * for (const s of createAll([users])) await session.execute(s)
 */
export class DdlStatement extends Statement<[]> {
  readonly #node: DdlNode

  constructor(node: DdlNode) {
    super()
    this.#node = Object.freeze(node)
  }

  toNode(): DdlNode {
    return this.#node
  }

  get shape(): undefined {
    return undefined
  }
}

/** Anything `createAll` takes: a table, an alias-free table object or a view. */
export interface HasRelationDef {
  readonly $def: RelationDef
}

function dependencies(def: RelationDef): readonly string[] {
  if (def.kind === 'view') return def.dependsOn
  return def.foreignKeys.map((fk) => fk.references().table).filter((t) => t !== def.name)
}

/**
 * Orders relations so that each comes after the tables and views it depends on (foreign
 * keys, view sources), keeping the given order where there is a choice. Dependencies on
 * relations outside the list are taken to exist already.
 */
function dependencyOrder(relations: readonly HasRelationDef[]): RelationDef[] {
  const byName = new Map<string, RelationDef>()
  for (const { $def } of relations) {
    const seen = byName.get($def.name)
    if (seen && seen !== $def) {
      throw new CompileError(
        `Two different relations are named "${$def.name}". Give each table and view its own name.`,
      )
    }
    byName.set($def.name, $def)
  }
  const ordered: RelationDef[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (def: RelationDef, path: readonly string[]): void => {
    const s = state.get(def.name)
    if (s === 'done') return
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(def.name)), def.name].join(' -> ')
      throw new CompileError(
        `The relations reference each other in a cycle (${cycle}), so no creation order satisfies every foreign key. Make one of the references nullable and add it after creating both tables, or drop it.`,
      )
    }
    state.set(def.name, 'visiting')
    for (const name of dependencies(def)) {
      const dep = byName.get(name)
      if (dep) visit(dep, [...path, def.name])
    }
    state.set(def.name, 'done')
    ordered.push(def)
  }
  for (const def of byName.values()) visit(def, [])
  return ordered
}

/** The enum types the tables use, each once; one name must always mean the same values. */
function enumTypes(defs: readonly RelationDef[], ifNotExists = false): CreateEnumNode[] {
  const byName = new Map<string, CreateEnumNode>()
  for (const def of defs) {
    if (def.kind !== 'table') continue
    for (const column of def.columns) {
      const type = column.type
      if (type.kind !== 'enum') continue
      const seen = byName.get(type.name)
      if (seen && seen.values.join('\0') !== type.values.join('\0')) {
        throw new CompileError(
          `The enum "${type.name}" is declared with different values in two columns (${seen.values.join(', ')} / ${type.values.join(', ')}). Declare it once and reuse it, or give each its own name.`,
        )
      }
      if (!seen) {
        byName.set(type.name, {
          kind: 'CreateEnum',
          name: type.name,
          values: type.values,
          ifNotExists,
        })
      }
    }
  }
  return [...byName.values()]
}

function createTable(def: TableDef, ifNotExists: boolean): DdlStatement[] {
  return [
    new DdlStatement({ kind: 'CreateTable', table: def, ifNotExists }),
    ...def.indexes.map(
      (index) =>
        new DdlStatement({
          kind: 'CreateIndex',
          table: def.name,
          name: index.name,
          columns: index.columns,
          unique: index.unique,
          ifNotExists,
        }),
    ),
  ]
}

/** Options of {@link createAll}. */
export interface CreateAllOptions {
  /**
   * Make every statement idempotent, so a service can run them at each start: enum types
   * and tables that exist are kept (CREATE TABLE IF NOT EXISTS), so are indexes of that
   * name, and views are replaced (PostgreSQL, MySQL/MariaDB) or kept (SQLite). Nothing is
   * compared or migrated: an existing table keeps its columns. On MySQL/MariaDB indexes
   * are declared inside CREATE TABLE (MySQL 8 has no CREATE INDEX IF NOT EXISTS), so an
   * index added later to an existing table is created on PostgreSQL and SQLite only.
   */
  readonly ifNotExists?: boolean
}

/**
 * The statements that create `relations`: enum types first (PostgreSQL only; a no-op
 * elsewhere), then tables with their indexes after the tables their foreign keys point to,
 * then views after what they read. The same list serves every dialect.
 *
 * @example
 * await db.begin(async (s) => { for (const stmt of createAll([users, posts, activeUsers])) await s.execute(stmt) })
 * // at every start of a service:
 * for (const stmt of createAll([users, posts], { ifNotExists: true })) await s.execute(stmt)
 */
export function createAll(
  relations: readonly HasRelationDef[],
  options: CreateAllOptions = {},
): DdlStatement[] {
  const ifNotExists = options.ifNotExists ?? false
  const ordered = dependencyOrder(relations)
  return [
    ...enumTypes(ordered, ifNotExists).map((node) => new DdlStatement(node)),
    ...ordered.flatMap((def) =>
      def.kind === 'table'
        ? createTable(def, ifNotExists)
        : [
            new DdlStatement({
              kind: 'CreateView',
              name: def.name,
              query: def.query,
              ifNotExists,
            }),
          ],
    ),
  ]
}

/**
 * The statements that drop `relations` if they exist, in the reverse of `createAll`'s
 * order (views and referencing tables first), then their enum types.
 *
 * @example
 * for (const stmt of dropAll([users, posts, activeUsers])) await session.execute(stmt)
 */
export function dropAll(relations: readonly HasRelationDef[]): DdlStatement[] {
  const ordered = dependencyOrder(relations)
  return [
    ...ordered
      .reverse()
      .map(
        (def) => new DdlStatement({ kind: 'Drop', what: def.kind, name: def.name, ifExists: true }),
      ),
    ...enumTypes(ordered).map(
      (e) => new DdlStatement({ kind: 'Drop', what: 'type', name: e.name, ifExists: true }),
    ),
  ]
}
