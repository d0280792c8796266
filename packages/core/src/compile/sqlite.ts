import type { InsertNode, QueryNode, StatementNode } from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnType } from '../schema/column-type.js'
import type { ColumnDef, TableDef } from '../schema/table-def.js'
import { SqlCompiler } from './base.js'
import type { CompiledStatement } from './compiled.js'
import { type LiteralSpelling, quoteStandardString } from './literal.js'

const sqliteLiterals: LiteralSpelling = {
  dialect: 'SQLite',
  boolean: (v) => (v ? '1' : '0'),
  string: quoteStandardString,
  bytes: (hex) => `X'${hex}'`,
  timestamp: (v) => `'${v.toISOString()}'`,
}

function isPlainSelect(query: QueryNode): boolean {
  return (
    query.kind === 'Select' &&
    !query.with &&
    query.orderBy.length === 0 &&
    !query.limit &&
    !query.offset
  )
}

/**
 * SQLite (3.39+): `?` placeholders, ILIKE emulated with lower(), storage classes for types
 * (exact decimals as TEXT), INTEGER PRIMARY KEY AUTOINCREMENT.
 */
export class SqliteCompiler extends SqlCompiler {
  protected readonly dialectLabel = 'SQLite'
  protected readonly literals = sqliteLiterals
  /**
   * @libsql/client prepares every statement on every call, so the text's length counts: a
   * lookup by key with every column qualified took 4-8% longer there. Both SQLite drivers are
   * built without double-quoted string literals, so a misspelt bare column is still an error.
   */
  protected override readonly bareSoleRelation = true

  protected override limitForOffsetOnly(): string {
    return '-1'
  }

  protected override writeSetOperand(query: QueryNode, position: 'left' | 'right'): void {
    // SQLite allows no parentheses around the members of a compound select; its operators
    // apply left to right, so a plain select or a left-nested compound can stand bare.
    const bare =
      isPlainSelect(query) ||
      (position === 'left' &&
        query.kind === 'SetOperation' &&
        !query.with &&
        query.orderBy.length === 0 &&
        !query.limit &&
        !query.offset)
    if (bare) {
      this.visit(query)
      return
    }
    this.write('SELECT * FROM ')
    this.subquery(query)
  }

  protected override writeInsertSelect(query: QueryNode, node: InsertNode): void {
    if (!node.onConflict) {
      super.writeInsertSelect(query, node)
      return
    }
    // An ON CONFLICT after a bare SELECT parses as a join's ON: a WHERE ends the select.
    this.write(' SELECT * FROM ')
    this.subquery(query)
    this.write(' WHERE 1 = 1')
  }

  protected override createViewIfNotExists(): string {
    // SQLite has no CREATE OR REPLACE VIEW.
    return 'CREATE VIEW IF NOT EXISTS '
  }

  protected currentTimestamp(): string {
    // The same text as Date.prototype.toISOString(), so stored timestamps compare as text.
    return "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"
  }

  protected castType(type: ColumnType): string {
    switch (type.kind) {
      case 'integer':
      case 'bigint':
      case 'boolean':
        return 'INTEGER'
      case 'real':
      case 'double':
        return 'REAL'
      case 'blob':
        return 'BLOB'
      default:
        // numeric included: a NUMERIC affinity would store a float and lose digits.
        return 'TEXT'
    }
  }

  protected columnType(type: ColumnType): string {
    return this.castType(type)
  }

  protected override columnCheck(column: ColumnDef): string {
    const name = this.identifier(column.name)
    if (column.type.kind === 'enum')
      return ` CHECK (${name} IN (${this.enumValues(column.type.values)}))`
    if (column.type.kind === 'varchar') {
      return ` CHECK (length(${name}) <= ${this.typeArgument(column.type.length, 'varchar length')})`
    }
    return ''
  }

  protected autoIncrement(column: ColumnDef, table: TableDef): string {
    if (
      (column.type.kind !== 'integer' && column.type.kind !== 'bigint') ||
      table.primaryKey.length !== 1 ||
      table.primaryKey[0] !== column.name
    ) {
      throw new CompileError(
        `Column "${column.name}" of table "${table.name}" is auto-increment, which SQLite allows only on the table's single INTEGER primary key column. Make it the only primary key column, or drop autoIncrement().`,
      )
    }
    return ' PRIMARY KEY AUTOINCREMENT'
  }

  protected override tablePrimaryKey(table: TableDef): readonly string[] {
    // An auto-increment key is declared on its column (INTEGER PRIMARY KEY AUTOINCREMENT).
    return table.columns.some((c) => c.autoIncrement) ? [] : table.primaryKey
  }
}

/**
 * Compiles a statement tree to SQLite SQL with `?` placeholders.
 *
 * @example
 * const { sql } = compileSqlite(select(users.id).from(users).limit(10).toNode())
 * // 'SELECT "users"."id" FROM "users" LIMIT ?'
 */
export function compileSqlite(node: StatementNode, shape?: ResultShape): CompiledStatement {
  return new SqliteCompiler().compile(node, shape)
}
