import { CompileError } from '../errors/compile-error.js'
import type { ColumnType } from '../schema/column-type.js'

/*
 * SQL literals, for the one place values cannot be bound: DDL. PostgreSQL takes no
 * parameters in CREATE TABLE / CREATE VIEW, and no database takes them in a DEFAULT or a
 * CHECK, so constants there are written into the text. Everything goes through
 * `renderLiteral`, which accepts only values it can spell safely and refuses the rest.
 */

/** How one dialect spells the literals whose syntax differs between databases. */
export interface LiteralSpelling {
  /** Used in error messages. */
  readonly dialect: string
  boolean(value: boolean): string
  /** The quoted string literal; the text never contains NUL (checked before). */
  string(value: string): string
  bytes(hex: string): string
  /** A point in time, for a column of `type` (or an untyped constant). */
  timestamp(value: Date, type: ColumnType | undefined): string
}

/**
 * Doubles single quotes: enough for PostgreSQL (standard_conforming_strings, the default
 * since 9.1) and SQLite, where a backslash is an ordinary character.
 */
export function quoteStandardString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`
}

function hex(bytes: Uint8Array): string {
  let out = ''
  for (const b of bytes) out += b.toString(16).padStart(2, '0')
  return out
}

function numberLiteral(value: number | bigint, spelling: LiteralSpelling): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new CompileError(
      `${value} cannot be written as a ${spelling.dialect} literal in DDL. Use a finite number, or NULL.`,
    )
  }
  const text = String(value)
  // Parenthesised so that `x - -1` can never turn into the comment `x --1`.
  return text.startsWith('-') ? `(${text})` : text
}

/**
 * Renders a constant as a SQL literal for DDL (column defaults, CHECK constants, view
 * bodies). Throws `CompileError` for values it cannot render safely (NUL characters,
 * non-finite numbers, objects outside a json column).
 *
 * @example
 * renderLiteral("it's", undefined, postgresSpelling) // "'it''s'"
 */
export function renderLiteral(
  value: unknown,
  type: ColumnType | undefined,
  spelling: LiteralSpelling,
): string {
  if (value === null || value === undefined) return 'NULL'
  if (type?.kind === 'json') return stringLiteral(JSON.stringify(value), spelling)
  switch (typeof value) {
    case 'boolean':
      return spelling.boolean(value)
    case 'number':
    case 'bigint':
      return numberLiteral(value, spelling)
    case 'string':
      return stringLiteral(value, spelling)
  }
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) {
      throw new CompileError(
        `An invalid Date cannot be written as a ${spelling.dialect} literal in DDL.`,
      )
    }
    return spelling.timestamp(value, type)
  }
  if (value instanceof Uint8Array) return spelling.bytes(hex(value))
  throw new CompileError(
    `A ${Object.prototype.toString.call(value).slice(8, -1)} value cannot be written as a ${spelling.dialect} literal in DDL. Use a string, number, boolean, Date or Uint8Array, give the column the json type, or use defaultFn() to compute the value in JavaScript.`,
  )
}

function stringLiteral(value: string, spelling: LiteralSpelling): string {
  if (value.includes('\0')) {
    throw new CompileError(
      `A string containing a NUL character cannot be written as a ${spelling.dialect} literal in DDL. Remove the NUL, or use defaultFn() to supply the value at insert time.`,
    )
  }
  if (!value.isWellFormed()) {
    throw new CompileError(
      `A string containing a lone UTF-16 surrogate cannot be written as a ${spelling.dialect} literal in DDL: the database would store U+FFFD instead. Repair the string (String.prototype.toWellFormed()).`,
    )
  }
  return spelling.string(value)
}
