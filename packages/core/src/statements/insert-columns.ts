import type { ColumnBuilders, Table } from '../schema/table.js'
import type { ColumnDef } from '../schema/table-def.js'
import { type BuildKey, INSERT, rootKey } from './build-key.js'
import { columnLabel } from './dml.js'

type AnyTable = Table<string, ColumnBuilders, unknown>
type Entry = readonly [property: string, def: ColumnDef]

/**
 * The columns an insert's rows give, found once per table and set of given columns: a row
 * inserted per call then costs no label lookups, no column-name list and no key steps per
 * column (`insert(users).values(row)` of seven columns: 1.6 us to build before this cache).
 */
export class InsertColumns {
  /** [property, definition] of each column, in declaration order. */
  readonly entries: readonly Entry[]
  /** Each column's label in value errors. */
  readonly labels: readonly string[]
  /** The statement's column list. */
  readonly names: readonly string[]
  readonly #table: AnyTable
  #root: BuildKey | undefined
  #key: BuildKey | undefined

  constructor(table: AnyTable, entries: readonly Entry[]) {
    this.#table = table
    this.entries = Object.freeze(entries)
    this.labels = Object.freeze(entries.map(([property]) => columnLabel(table, property)))
    this.names = Object.freeze(entries.map(([, def]) => def.name))
  }

  /**
   * The build key of an insert of these columns, up to its row count; for a schema-lifetime
   * table only. Made again when the key trie was replaced (see `rootKey`).
   */
  key(): BuildKey {
    const root = rootKey()
    if (this.#root !== root || this.#key === undefined) {
      let key = root.step(INSERT).step(this.#table).step(this.entries.length)
      for (const [, def] of this.entries) key = key.step(def)
      this.#root = root
      this.#key = key
    }
    return this.#key
  }
}

interface TableColumns {
  readonly entries: readonly Entry[]
  /** By a bit mask of the given columns' positions. */
  readonly sets: Map<number, InsertColumns>
}

const TABLES = new WeakMap<object, TableColumns>()

/** Tables this wide or narrower are cached by a bit mask that fits a small integer. */
const MASK_COLUMNS = 30
/** Distinct column sets kept per table; an application that inserts many subsets recycles them. */
const MAX_SETS = 64

/**
 * The columns `rows` give: each column some row gives a value other than undefined, and each
 * column with a JS `defaultFn`.
 *
 * @example insertColumns(users, [{ email: 'a@x' }]).names // ['email', ...defaultFn columns]
 */
export function insertColumns(
  table: AnyTable,
  rows: readonly Readonly<Record<string, unknown>>[],
): InsertColumns {
  let known = TABLES.get(table)
  if (known === undefined) {
    known = { entries: Object.freeze(Object.entries(table.$def.byProperty)), sets: new Map() }
    TABLES.set(table, known)
  }
  const entries = known.entries
  if (entries.length > MASK_COLUMNS) {
    return new InsertColumns(
      table,
      entries.filter((entry) => given(entry, rows)),
    )
  }
  let mask = 0
  for (let j = 0; j < entries.length; j++) if (given(entries[j]!, rows)) mask |= 1 << j
  let set = known.sets.get(mask)
  if (set === undefined) {
    if (known.sets.size >= MAX_SETS) known.sets.clear()
    set = new InsertColumns(
      table,
      entries.filter((_, j) => (mask & (1 << j)) !== 0),
    )
    known.sets.set(mask, set)
  }
  return set
}

function given(entry: Entry, rows: readonly Readonly<Record<string, unknown>>[]): boolean {
  if (entry[1].default?.kind === 'fn') return true
  const property = entry[0]
  // Usually the first row answers.
  for (const row of rows)
    if (Object.hasOwn(row, property) && row[property] !== undefined) return true
  return false
}
