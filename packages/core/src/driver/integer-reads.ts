import type { ColumnType } from '../schema/column-type.js'

/**
 * Column kinds whose codec reads an integer given as a JavaScript number as it reads the same
 * integer given as a bigint: integers (both refused past 2^53), floats (both rounded alike),
 * booleans, and kinds that never read an integer (texts, dates, blobs). Not here: bigint and
 * numeric (they keep every digit of a 64-bit integer), json (it returns a non-text value as
 * it is).
 */
const NUMBER_SAFE_KINDS: ReadonlySet<ColumnType['kind']> = new Set([
  'integer',
  'real',
  'double',
  'boolean',
  'text',
  'varchar',
  'uuid',
  'date',
  'time',
  'timestamp',
  'enum',
  'blob',
])

/**
 * Whether a driver may return this result's integers as JavaScript numbers rather than
 * exact bigints (`ExecuteOptions.columnTypes`): true when every column has a declared type
 * whose codec reads both alike. A 64-bit integer past 2^53 that arrives as an inexact
 * number is then still refused by the codec, as its exact bigint would be. Reading numbers
 * skips a bigint per integer value, about a tenth of reading a large result on
 * better-sqlite3.
 *
 * @example
 * integersMayBeNumbers([{ kind: 'integer' }, { kind: 'text' }]) // true
 * integersMayBeNumbers([{ kind: 'bigint' }]) // false
 * integersMayBeNumbers([undefined]) // false: an untyped column keeps what the driver gives
 */
export function integersMayBeNumbers(
  columnTypes: readonly (ColumnType | undefined)[] | undefined,
): boolean {
  if (columnTypes === undefined) return false
  for (const type of columnTypes) {
    if (type === undefined || !NUMBER_SAFE_KINDS.has(type.kind)) return false
  }
  return true
}
