import type {
  CreateIndexNode,
  CreateTableNode,
  ExprNode,
  FunctionName,
  InsertNode,
  JoinType,
  OnConflictNode,
  OrderByNode,
  StatementNode,
} from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnType } from '../schema/column-type.js'
import type { ColumnDef, ReferentialAction } from '../schema/table-def.js'
import { type ReturningStatement, SqlCompiler } from './base.js'
import type { CompiledStatement } from './compiled.js'
import type { LiteralSpelling } from './literal.js'

const mysqlLiterals: LiteralSpelling = {
  dialect: 'MySQL/MariaDB',
  boolean: (v) => (v ? 'TRUE' : 'FALSE'),
  // Backslash is an escape character unless NO_BACKSLASH_ESCAPES is set, and no quoted
  // spelling of it means the same in both modes (a view or default keeps the text it was
  // parsed with): a string with a backslash is written as its UTF-8 bytes instead.
  string: (v) =>
    v.includes('\\') ? `CONVERT(X'${utf8Hex(v)}' USING utf8mb4)` : `'${v.replaceAll("'", "''")}'`,
  bytes: (hex) => `X'${hex}'`,
  timestamp: (v) => `'${v.toISOString().slice(0, 23).replace('T', ' ')}'`,
}

const ASTRAL = /[\u{10000}-\u{10FFFF}]/u

const utf8 = new TextEncoder()

function utf8Hex(value: string): string {
  let out = ''
  for (const b of utf8.encode(value)) out += b.toString(16).padStart(2, '0')
  return out
}

/** The largest LIMIT, MySQL's documented way to say "no limit" before an OFFSET. */
const NO_LIMIT = '18446744073709551615'

/**
 * MySQL and MariaDB: backtick quoting, `?` placeholders, ON DUPLICATE KEY UPDATE,
 * RETURNING only on INSERT and DELETE (MariaDB), emulated NULLS FIRST/LAST.
 */
export class MysqlCompiler extends SqlCompiler {
  protected readonly dialectLabel = 'MySQL/MariaDB'
  protected readonly literals = mysqlLiterals

  protected override quoteIdentifier(name: string): string {
    // Identifiers are utf8mb3 on MySQL and MariaDB: the server refuses a name with a
    // character beyond U+FFFF with a bare charset error, so say which name and why here.
    if (ASTRAL.test(name)) {
      throw new CompileError(
        `The identifier ${JSON.stringify(name)} has a character beyond U+FFFF (such as an emoji), which MySQL/MariaDB names cannot hold. Use a name of characters from the Basic Multilingual Plane.`,
      )
    }
    return `\`${name.replaceAll('`', '``')}\``
  }

  protected override enumValues(values: readonly string[]): string {
    // ENUM() takes quoted or hex literals only, not the CONVERT() spelling of a backslash.
    return values
      .map((v) => {
        const literal = this.literal(v, undefined)
        return v.includes('\\') ? `X'${utf8Hex(v)}'` : literal
      })
      .join(', ')
  }

  protected override writeConcat(left: ExprNode, right: ExprNode): void {
    // `||` means OR here unless PIPES_AS_CONCAT is set.
    this.write('concat(')
    this.visit(left)
    this.write(', ')
    this.visit(right)
    this.write(')')
  }

  protected override functionName(name: FunctionName): string {
    // length() counts bytes in MySQL; the portable length counts characters.
    return name === 'length' ? 'char_length' : name
  }

  protected override joinKeyword(type: JoinType): string {
    if (type === 'full') {
      this.unsupported(
        'FULL JOIN',
        'Write a LEFT JOIN unioned with a RIGHT JOIN that keeps only unmatched rows, or use PostgreSQL or SQLite.',
      )
    }
    return super.joinKeyword(type)
  }

  protected override limitForOffsetOnly(): string {
    return NO_LIMIT
  }

  protected override writeOrderBy(node: OrderByNode): void {
    // No NULLS FIRST/LAST: sort on `x IS NULL` first (false sorts before true).
    if (node.nulls) {
      this.operand(node.expr)
      this.write(node.nulls === 'first' ? ' IS NULL DESC, ' : ' IS NULL ASC, ')
    }
    this.operand(node.expr)
    this.write(node.direction === 'asc' ? ' ASC' : ' DESC')
  }

  protected override checkReturning(statement: ReturningStatement): void {
    if (statement === 'update') {
      this.unsupported(
        'UPDATE ... RETURNING',
        'MariaDB returns rows from INSERT and DELETE only: run the update, then select the rows it changed in the same session.',
      )
    }
  }

  protected override checkWith(statement: ReturningStatement): void {
    this.unsupported(
      `WITH before ${statement.toUpperCase()}`,
      'MariaDB accepts common table expressions in SELECT only: use the query as a subquery instead.',
    )
  }

  protected override insertKeyword(node: InsertNode): string {
    // IGNORE also turns other errors into warnings (a NULL into a NOT NULL column stores
    // the type's zero value), which is why the upsert builder documents this form.
    return node.onConflict?.action === 'nothing' ? 'INSERT IGNORE INTO ' : 'INSERT INTO '
  }

  protected override writeDefaultValues(): void {
    this.write(' () VALUES ()')
  }

  protected override writeOnConflict(node: OnConflictNode): void {
    if (node.where) {
      this.unsupported(
        'A WHERE condition on an upsert',
        'ON DUPLICATE KEY UPDATE has no condition: express it in the SET values, for example with a CASE.',
      )
    }
    if (node.action === 'nothing') return
    this.write(' ON DUPLICATE KEY UPDATE ')
    this.writeAssignments(node.action.set, undefined)
  }

  protected override writeExcluded(column: string): void {
    this.write(`VALUES(${this.identifier(column)})`)
  }

  protected override multiTableUpdate(): boolean {
    return true
  }

  protected override referentialAction(action: ReferentialAction): string {
    if (action === 'set default') {
      this.unsupported(
        'ON DELETE/UPDATE SET DEFAULT',
        'InnoDB rejects it: use SET NULL, CASCADE or RESTRICT.',
      )
    }
    return super.referentialAction(action)
  }

  protected override tableOptions(): string {
    // Binary collation: text compares, sorts and is unique byte for byte, as on PostgreSQL
    // and SQLite, instead of the server default's case-insensitive comparison.
    return ' DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin'
  }

  protected override defaultLiteral(literal: string): string {
    // MySQL 8 takes a default on TEXT, BLOB and JSON columns only as an expression.
    return `(${literal})`
  }

  protected override writeCreateIndex(node: CreateIndexNode): void {
    // MySQL 8 has no CREATE INDEX IF NOT EXISTS (MariaDB has): the index is declared in
    // its table's CREATE TABLE IF NOT EXISTS instead, which both servers accept.
    if (node.ifNotExists) this.write(this.noopStatement())
    else super.writeCreateIndex(node)
  }

  protected override writeTableIndexes(node: CreateTableNode): void {
    if (!node.ifNotExists) return
    for (const index of node.table.indexes) {
      this.write(index.unique ? ', UNIQUE INDEX ' : ', INDEX ')
      this.write(`${this.identifier(index.name)} (${this.identifierList(index.columns)})`)
    }
  }

  protected override noopStatement(): string {
    return 'DO 0'
  }

  protected currentTimestamp(): string {
    return 'CURRENT_TIMESTAMP(3)'
  }

  #decimal(type: ColumnType & { kind: 'numeric' }): string {
    // DECIMAL alone means DECIMAL(10, 0) and would drop every fraction; take the widest.
    if (type.precision === undefined) return 'DECIMAL(65, 30)'
    const p = this.typeArgument(type.precision, 'numeric precision')
    return `DECIMAL(${p}, ${this.typeArgument(type.scale ?? 0, 'numeric scale')})`
  }

  protected castType(type: ColumnType): string {
    switch (type.kind) {
      case 'integer':
      case 'bigint':
      case 'boolean':
        return 'SIGNED'
      case 'real':
        return 'FLOAT'
      case 'double':
        return 'DOUBLE'
      case 'numeric':
        return this.#decimal(type)
      case 'varchar':
        return `CHAR(${this.typeArgument(type.length, 'varchar length')})`
      case 'date':
        return 'DATE'
      case 'time':
        return 'TIME(3)'
      case 'timestamp':
        return 'DATETIME(3)'
      case 'blob':
        return 'BINARY'
      default:
        // text, uuid, json (MariaDB's JSON is text) and enum values are character strings.
        return 'CHAR'
    }
  }

  protected columnType(type: ColumnType): string {
    switch (type.kind) {
      case 'integer':
        return 'INT'
      case 'boolean':
        return 'BOOLEAN'
      case 'text':
        return 'LONGTEXT'
      case 'varchar':
        return `VARCHAR(${this.typeArgument(type.length, 'varchar length')})`
      case 'uuid':
        return 'CHAR(36)'
      case 'json':
        return 'JSON'
      case 'blob':
        return 'LONGBLOB'
      case 'enum':
        return `ENUM(${this.enumValues(type.values)})`
      case 'bigint':
        return 'BIGINT'
      default:
        // DATETIME(3), not TIMESTAMP, for both timestamp kinds: TIMESTAMP ends in 2038 and
        // converts through the session time zone.
        return this.castType(type)
    }
  }

  protected autoIncrement(column: ColumnDef): string {
    if (column.type.kind !== 'integer' && column.type.kind !== 'bigint') {
      throw new CompileError(
        `Column "${column.name}" is auto-increment but of type ${column.type.kind}; MySQL/MariaDB AUTO_INCREMENT needs an integer or bigint column. Change the type or drop autoIncrement().`,
      )
    }
    return ' AUTO_INCREMENT'
  }
}

/**
 * Compiles a statement tree to MySQL/MariaDB SQL with `?` placeholders.
 *
 * @example
 * const { sql } = compileMysql(deleteFrom(users).where(eq(users.id, 1)).toNode())
 * // 'DELETE FROM `users` WHERE `users`.`id` = ?'
 */
export function compileMysql(node: StatementNode, shape?: ResultShape): CompiledStatement {
  return new MysqlCompiler().compile(node, shape)
}
