import type * as N from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { ResultShape } from '../result/shape.js'
import type { ColumnType } from '../schema/column-type.js'
import type { ColumnDef, ForeignKeyDef, ReferentialAction, TableDef } from '../schema/table-def.js'
import type { CompiledStatement, ParamSlot, StatementKind } from './compiled.js'
import { inlinesValues } from './inline.js'
import { type LiteralSpelling, renderLiteral } from './literal.js'

/** The statements that may carry RETURNING. */
export type ReturningStatement = 'insert' | 'update' | 'delete'

const JOIN_KEYWORDS: Readonly<Record<N.JoinType, string>> = {
  inner: 'INNER JOIN',
  left: 'LEFT JOIN',
  right: 'RIGHT JOIN',
  full: 'FULL JOIN',
  cross: 'CROSS JOIN',
}

const SET_OPERATORS: Readonly<Record<N.SetOperator, string>> = {
  union: 'UNION',
  'union all': 'UNION ALL',
  intersect: 'INTERSECT',
  except: 'EXCEPT',
}

const FRAME_BOUNDS: Readonly<Record<N.FrameBound['type'], string>> = {
  unboundedPreceding: 'UNBOUNDED PRECEDING',
  preceding: 'PRECEDING',
  currentRow: 'CURRENT ROW',
  following: 'FOLLOWING',
  unboundedFollowing: 'UNBOUNDED FOLLOWING',
}

/** Nodes that need parentheses when they are the operand of an operator. */
const COMPOUND = new Set<N.Node['kind']>([
  'Binary',
  'Logical',
  'Not',
  'Like',
  'IsNull',
  'In',
  'Between',
  'SqlTemplate',
  'RawText',
])

/** What a compiler class spells the same way every time (a dialect's quoting never changes). */
interface Spellings {
  /** Quoted identifiers by name. */
  readonly quoted: Map<string, string>
  /** Qualified column references by node: tables share their column nodes. */
  readonly columns: WeakMap<N.ColumnNode, string>
}

const SPELLINGS = new WeakMap<object, Spellings>()
const QUOTED_LIMIT = 10_000

function spellingsOf(compiler: object): Spellings {
  let spellings = SPELLINGS.get(compiler)
  if (spellings === undefined) {
    spellings = { quoted: new Map(), columns: new WeakMap() }
    SPELLINGS.set(compiler, spellings)
  }
  return spellings
}

const LOGICAL_COMPOUND = new Set<N.Node['kind']>(['Logical', 'SqlTemplate', 'RawText'])

function statementKind(node: N.StatementNode): StatementKind {
  switch (node.kind) {
    case 'Select':
    case 'SetOperation':
      return 'select'
    case 'Insert':
      return 'insert'
    case 'Update':
      return 'update'
    case 'Delete':
      return 'delete'
    case 'RawStatement':
      return 'raw'
    default:
      return 'ddl'
  }
}

/**
 * The compiler shared by every dialect: one visitor over the statement tree, with protected
 * hooks for everything a dialect spells its own way. A dialect subclasses it and overrides
 * only the hooks (quoting, placeholders, upsert, limits, type names...). One instance
 * compiles one statement at a time; `compilePostgres` and friends make a fresh one per call.
 *
 * @example
 * class MyCompiler extends SqlCompiler { ... }
 * new MyCompiler().compile(node)
 */
export abstract class SqlCompiler {
  /** The dialect's name in error messages, such as `MySQL/MariaDB`. */
  protected abstract readonly dialectLabel: string
  /** Spelling of DDL literals, where values cannot be bound. */
  protected abstract readonly literals: LiteralSpelling

  #sql = ''
  #params: ParamSlot[] = []
  #sources: (N.ValueNode | undefined)[] = []
  #paramNames: string[] = []
  /** Inside DDL: values become literals and named parameters are refused. */
  #inline = false
  /** Inside the ORDER BY of a set operation, which sees output columns only. */
  #unqualified = false
  /**
   * The one relation of the select being written, whose columns its select list and WHERE
   * name bare where the dialect asks for it (`bareSoleRelation`). Not in GROUP BY, HAVING or
   * ORDER BY, where a bare name may resolve to an output label first, and never inside a
   * subquery, where a bare name the table lacks would silently resolve to an outer table.
   */
  #bareRelation: string | undefined
  /** How many subqueries deep the compiler is. */
  #nested = 0
  /** Whether a select of one table names that table's columns bare in its list and WHERE. */
  protected readonly bareSoleRelation: boolean = false
  #quoted: Map<string, string> | undefined
  #columns: WeakMap<N.ColumnNode, string> | undefined

  /** Compiles one statement tree into SQL text and parameter slots in placeholder order. */
  compile(node: N.StatementNode, shape?: ResultShape): CompiledStatement {
    this.#sql = ''
    this.#params = []
    this.#sources = []
    this.#paramNames = []
    this.#bareRelation = undefined
    this.#nested = 0
    this.#inline = inlinesValues(node)
    this.visit(node)
    return Object.freeze({
      sql: this.#sql,
      params: Object.freeze(this.#params),
      sources: Object.freeze(this.#sources),
      kind: statementKind(node),
      ...(shape ? { shape } : {}),
      paramNames: Object.freeze(this.#paramNames),
    })
  }

  // ---- output helpers ---------------------------------------------------------------

  protected write(text: string): void {
    this.#sql += text
  }

  protected list(items: readonly N.Node[], separator = ', '): void {
    for (let i = 0; i < items.length; i++) {
      if (i > 0) this.#sql += separator
      this.visit(items[i]!)
    }
  }

  /** Writes `node`, in parentheses when it is an operator that could bind wrongly. */
  protected operand(node: N.Node): void {
    if (COMPOUND.has(node.kind)) {
      this.write('(')
      this.visit(node)
      this.write(')')
    } else {
      this.visit(node)
    }
  }

  /** Raises the CompileError for a construct this dialect cannot express. */
  protected unsupported(construct: string, instead: string): never {
    throw new CompileError(`${construct} is not supported on ${this.dialectLabel}. ${instead}`)
  }

  /**
   * A quoted identifier; refuses names no database accepts. The checks and quoting of a name
   * run once per compiler class: statements built per call name the same few tables and
   * columns again and again.
   */
  protected identifier(name: string): string {
    if (this.#quoted === undefined) this.#quoted = spellingsOf(this.constructor).quoted
    const quoted = this.#quoted
    const hit = quoted.get(name)
    if (hit !== undefined) return hit
    const spelled = this.#checkedIdentifier(name)
    // Bounded, so names made up per call (generated aliases) cannot grow it without end.
    if (quoted.size >= QUOTED_LIMIT) quoted.clear()
    quoted.set(name, spelled)
    return spelled
  }

  #checkedIdentifier(name: string): string {
    if (name === '' || name.includes('\0')) {
      throw new CompileError(
        `The identifier ${JSON.stringify(name)} is empty or contains a NUL character, which no database accepts. Rename the table, column or alias.`,
      )
    }
    // UTF-8 has no spelling for a lone surrogate: the driver would send U+FFFD instead, so two
    // different names could reach the server as one.
    if (!name.isWellFormed()) {
      throw new CompileError(
        `The identifier ${JSON.stringify(name)} contains a lone UTF-16 surrogate, which no database stores unchanged. Rename the table, column or alias (String.prototype.toWellFormed() shows what it would become).`,
      )
    }
    return this.quoteIdentifier(name)
  }

  // ---- hooks --------------------------------------------------------------------------

  /** Quotes a name, doubling the quote character inside it. */
  protected quoteIdentifier(name: string): string {
    return `"${name.replaceAll('"', '""')}"`
  }

  /** The placeholder for the parameter at 1-based `index`. */
  protected placeholder(_index: number): string {
    return '?'
  }

  protected joinKeyword(type: N.JoinType): string {
    return JOIN_KEYWORDS[type]
  }

  /** The portable function's name in this dialect. */
  protected functionName(name: N.FunctionName): string {
    return name
  }

  /** The current point in time; `type` is the column it is the default of, in DDL. */
  protected abstract currentTimestamp(type?: ColumnType): string

  /** The type name in `CAST(x AS ...)`. */
  protected abstract castType(type: ColumnType): string

  /** The type name of a column in CREATE TABLE. */
  protected abstract columnType(type: ColumnType, column: ColumnDef): string

  protected writeConcat(left: N.ExprNode, right: N.ExprNode): void {
    this.operand(left)
    this.write(' || ')
    this.operand(right)
  }

  /** Case-insensitive LIKE, emulated with lower() where there is no ILIKE. */
  protected writeLike(node: N.LikeNode): void {
    const not = node.negated ? 'NOT ' : ''
    if (node.caseInsensitive) {
      this.write('lower(')
      this.visit(node.expr)
      this.write(`) ${not}LIKE lower(`)
      this.visit(node.pattern)
      this.write(')')
      return
    }
    this.operand(node.expr)
    this.write(` ${not}LIKE `)
    this.operand(node.pattern)
  }

  /** What LIMIT says when only an OFFSET is given, for dialects that need both. */
  protected limitForOffsetOnly(): string | undefined {
    return undefined
  }

  protected writeOrderBy(node: N.OrderByNode): void {
    this.operand(node.expr)
    this.write(node.direction === 'asc' ? ' ASC' : ' DESC')
    if (node.nulls) this.write(node.nulls === 'first' ? ' NULLS FIRST' : ' NULLS LAST')
  }

  /** One side of UNION/INTERSECT/EXCEPT. */
  protected writeSetOperand(query: N.QueryNode, _position: 'left' | 'right'): void {
    this.write('(')
    this.visit(query)
    this.write(')')
  }

  /** Raises CompileError where RETURNING is not available for `statement`. */
  protected checkReturning(_statement: ReturningStatement): void {}

  /** Raises CompileError where a WITH clause cannot lead `statement`. */
  protected checkWith(_statement: ReturningStatement): void {}

  protected insertKeyword(_node: N.InsertNode): string {
    return 'INSERT INTO '
  }

  /** An insert of one row of defaults only. */
  protected writeDefaultValues(): void {
    this.write(' DEFAULT VALUES')
  }

  protected writeInsertSelect(query: N.QueryNode, _node: N.InsertNode): void {
    this.write(' ')
    this.visit(query)
  }

  /** ON CONFLICT in PostgreSQL and SQLite spelling. */
  protected writeOnConflict(node: N.OnConflictNode): void {
    this.write(' ON CONFLICT')
    if (node.target.length > 0) {
      this.write(` (${node.target.map((c) => this.identifier(c)).join(', ')})`)
    }
    if (node.action === 'nothing') {
      if (node.where) {
        this.unsupported(
          'A WHERE condition on ON CONFLICT DO NOTHING',
          'Put the condition on DO UPDATE, or filter the rows before inserting.',
        )
      }
      this.write(' DO NOTHING')
      return
    }
    this.write(' DO UPDATE SET ')
    this.writeAssignments(node.action.set, undefined)
    if (node.where) {
      this.write(' WHERE ')
      this.visit(node.where)
    }
  }

  /** The value proposed for insertion, inside an upsert. */
  protected writeExcluded(column: string): void {
    this.write(`excluded.${this.identifier(column)}`)
  }

  /**
   * Whether UPDATE ... FROM is written as a multi-table UPDATE (`UPDATE a, b SET a.x = ...`)
   * rather than with a FROM clause.
   */
  protected multiTableUpdate(): boolean {
    return false
  }

  protected writeCreateIndex(node: N.CreateIndexNode): void {
    this.write(node.unique ? 'CREATE UNIQUE INDEX ' : 'CREATE INDEX ')
    if (node.ifNotExists) this.write('IF NOT EXISTS ')
    this.write(
      `${this.identifier(node.name)} ON ${this.identifier(node.table)} (${this.identifierList(node.columns)})`,
    )
  }

  /**
   * The start of an idempotent CREATE VIEW. Replacing is the default: a service restarted
   * with a changed query gets the new view.
   */
  protected createViewIfNotExists(): string {
    return 'CREATE OR REPLACE VIEW '
  }

  /** Indexes declared inside CREATE TABLE, after its constraints; none by default. */
  protected writeTableIndexes(_node: N.CreateTableNode): void {}

  protected identifierList(names: readonly string[]): string {
    return names.map((c) => this.identifier(c)).join(', ')
  }

  /** A named enum type; the base dialect has none and runs a statement that does nothing. */
  protected writeCreateEnum(_node: N.CreateEnumNode): void {
    this.write(this.noopStatement())
  }

  protected writeDropEnum(_node: N.DropNode): void {
    this.write(this.noopStatement())
  }

  /** A statement that does nothing and returns no rows. */
  protected noopStatement(): string {
    return 'SELECT 1 WHERE 1 = 0'
  }

  /** Text after `"name" type` for an auto-numbered column. */
  protected abstract autoIncrement(column: ColumnDef, table: TableDef): string

  /** The table-level primary key columns (a dialect may declare some inline instead). */
  protected tablePrimaryKey(table: TableDef): readonly string[] {
    return table.primaryKey
  }

  /** Extra column-level CHECK text, for types a dialect enforces with a check. */
  protected columnCheck(_column: ColumnDef): string {
    return ''
  }

  protected referentialAction(action: ReferentialAction): string {
    return action.toUpperCase()
  }

  /** Text after the closing parenthesis of CREATE TABLE. */
  protected tableOptions(): string {
    return ''
  }

  /** Writes ` DEFAULT ...` for a value or SQL default; a JavaScript default writes nothing. */
  protected writeDefault(column: ColumnDef): void {
    const d = column.default
    if (!d || d.kind === 'fn') return
    this.write(' DEFAULT ')
    if (d.kind === 'value') {
      this.write(this.defaultLiteral(this.literal(d.value, column.type)))
      return
    }
    // Parenthesised: SQLite and MySQL accept an expression default only in parentheses.
    this.write('(')
    if (d.expr.kind === 'CurrentTimestamp') this.write(this.currentTimestamp(column.type))
    else this.visit(d.expr)
    this.write(')')
  }

  /** A constant default as written after DEFAULT. */
  protected defaultLiteral(literal: string): string {
    return literal
  }

  /** A validated length, precision or scale for a type name. */
  protected typeArgument(n: number, what: string): string {
    if (!Number.isSafeInteger(n) || n < 0) {
      throw new CompileError(`A ${what} of ${n} is not valid. Use a whole number of at least 0.`)
    }
    return String(n)
  }

  protected literal(value: unknown, type: ColumnType | undefined): string {
    return renderLiteral(value, type, this.literals)
  }

  // ---- the visitor --------------------------------------------------------------------

  /** Writes any node. The switch is exhaustive: a new node kind fails to type-check here. */
  protected visit(node: N.Node): void {
    switch (node.kind) {
      case 'Column':
        this.visitColumn(node)
        return
      case 'Value':
        this.visitValue(node)
        return
      case 'Param':
        this.visitParam(node)
        return
      case 'Binary':
        this.visitBinary(node)
        return
      case 'Like':
        this.writeLike(node)
        return
      case 'Logical':
        this.visitLogical(node)
        return
      case 'Not':
        this.write('NOT (')
        this.visit(node.expr)
        this.write(')')
        return
      case 'IsNull':
        this.operand(node.expr)
        this.write(node.negated ? ' IS NOT NULL' : ' IS NULL')
        return
      case 'In':
        this.visitIn(node)
        return
      case 'Between':
        this.operand(node.expr)
        this.write(node.negated ? ' NOT BETWEEN ' : ' BETWEEN ')
        this.operand(node.low)
        this.write(' AND ')
        this.operand(node.high)
        return
      case 'Exists':
        this.write(node.negated ? 'NOT EXISTS ' : 'EXISTS ')
        this.subquery(node.query)
        return
      case 'Function':
        this.visitFunction(node)
        return
      case 'Cast':
        this.write('CAST(')
        this.visit(node.expr)
        this.write(` AS ${this.castType(node.type)})`)
        return
      case 'CurrentTimestamp':
        this.write(this.currentTimestamp())
        return
      case 'Window':
        this.visitWindow(node)
        return
      case 'ScalarSubquery':
        this.subquery(node.query)
        return
      case 'Case':
        this.visitCase(node)
        return
      case 'Identifier':
        this.write(node.names.map((n) => this.identifier(n)).join('.'))
        return
      case 'RawText':
        this.write(node.text)
        return
      case 'SqlTemplate':
        this.visitTemplate(node)
        return
      case 'Excluded':
        this.writeExcluded(node.column)
        return
      case 'Alias':
        this.visit(node.expr)
        this.write(` AS ${this.identifier(node.alias)}`)
        return
      case 'OrderBy':
        this.writeOrderBy(node)
        return
      case 'Join':
        this.visitJoin(node)
        return
      case 'TableRef':
        this.write(this.identifier(node.name))
        if (node.alias !== undefined) this.write(` AS ${this.identifier(node.alias)}`)
        return
      case 'SubqueryTable':
        this.subquery(node.query)
        this.write(` AS ${this.identifier(node.alias)}`)
        return
      case 'Cte':
        this.write(this.identifier(node.name))
        if (node.columns) this.write(` (${node.columns.map((c) => this.identifier(c)).join(', ')})`)
        this.write(' AS ')
        this.subquery(node.query)
        return
      case 'With':
        this.write(node.recursive ? 'WITH RECURSIVE ' : 'WITH ')
        this.list(node.ctes)
        this.write(' ')
        return
      case 'OnConflict':
        this.writeOnConflict(node)
        return
      case 'Select':
        this.visitSelect(node)
        return
      case 'SetOperation':
        this.visitSetOperation(node)
        return
      case 'Insert':
        this.visitInsert(node)
        return
      case 'Update':
        this.visitUpdate(node)
        return
      case 'Delete':
        this.visitDelete(node)
        return
      case 'RawStatement':
        this.visitTemplate(node.template)
        return
      case 'CreateTable':
        this.visitCreateTable(node)
        return
      case 'CreateIndex':
        this.writeCreateIndex(node)
        return
      case 'CreateView':
        this.write(node.ifNotExists ? this.createViewIfNotExists() : 'CREATE VIEW ')
        this.write(`${this.identifier(node.name)} AS `)
        this.visit(node.query)
        return
      case 'CreateEnum':
        this.writeCreateEnum(node)
        return
      case 'Drop':
        if (node.what === 'type') {
          this.writeDropEnum(node)
          return
        }
        this.write(node.what === 'table' ? 'DROP TABLE ' : 'DROP VIEW ')
        this.write(`${node.ifExists ? 'IF EXISTS ' : ''}${this.identifier(node.name)}`)
        return
      default: {
        const unknown: never = node
        throw new CompileError(`Unknown statement node ${JSON.stringify(unknown)}.`)
      }
    }
  }

  protected subquery(query: N.QueryNode): void {
    this.write('(')
    this.#nested++
    this.visit(query)
    this.#nested--
    this.write(')')
  }

  protected visitColumn(node: N.ColumnNode): void {
    if (!node.table || this.#unqualified || node.table === this.#bareRelation) {
      this.#sql += this.identifier(node.name)
      return
    }
    if (this.#columns === undefined) this.#columns = spellingsOf(this.constructor).columns
    const columns = this.#columns
    let text = columns.get(node)
    if (text === undefined) {
      text = `${this.identifier(node.table)}.${this.identifier(node.name)}`
      columns.set(node, text)
    }
    this.#sql += text
  }

  protected visitValue(node: N.ValueNode): void {
    if (this.#inline) {
      this.write(this.literal(node.value, node.type))
      return
    }
    const slot: ParamSlot =
      node.type === undefined
        ? { kind: 'value', value: node.value }
        : { kind: 'value', value: node.value, type: node.type }
    this.#params.push(node.generate === undefined ? slot : { ...slot, generate: node.generate })
    this.#sources.push(node)
    this.write(this.placeholder(this.#params.length))
  }

  protected visitParam(node: N.ParamNode): void {
    if (this.#inline) {
      throw new CompileError(
        `param(${JSON.stringify(node.name)}) cannot appear in DDL (a view, default or check): databases do not bind parameters there. Use a constant value instead.`,
      )
    }
    this.#params.push(
      node.type === undefined
        ? { kind: 'named', name: node.name }
        : { kind: 'named', name: node.name, type: node.type },
    )
    this.#sources.push(undefined)
    if (!this.#paramNames.includes(node.name)) this.#paramNames.push(node.name)
    this.write(this.placeholder(this.#params.length))
  }

  protected visitBinary(node: N.BinaryNode): void {
    if (node.op === 'concat') {
      this.writeConcat(node.left, node.right)
      return
    }
    this.operand(node.left)
    this.write(` ${node.op} `)
    this.operand(node.right)
  }

  protected visitLogical(node: N.LogicalNode): void {
    // An empty AND is true and an empty OR false, spelled without a value.
    if (node.items.length === 0) {
      this.write(node.op === 'and' ? '1 = 1' : '1 = 0')
      return
    }
    const separator = node.op === 'and' ? ' AND ' : ' OR '
    node.items.forEach((item, i) => {
      if (i > 0) this.write(separator)
      // Comparisons bind tighter than AND/OR everywhere; only groups and raw text need
      // parentheses.
      if (node.items.length > 1 && LOGICAL_COMPOUND.has(item.kind)) {
        this.write('(')
        this.visit(item)
        this.write(')')
      } else {
        this.visit(item)
      }
    })
  }

  protected visitIn(node: N.InNode): void {
    if ('kind' in node.list) {
      this.operand(node.expr)
      this.write(node.negated ? ' NOT IN ' : ' IN ')
      this.subquery(node.list)
      return
    }
    // `x IN ()` is a syntax error; an empty list matches nothing, and NOT IN matches all.
    if (node.list.length === 0) {
      this.write(node.negated ? '1 = 1' : '1 = 0')
      return
    }
    this.operand(node.expr)
    this.write(node.negated ? ' NOT IN (' : ' IN (')
    this.list(node.list)
    this.write(')')
  }

  protected visitFunction(node: N.FunctionNode): void {
    this.write(`${this.functionName(node.name)}(`)
    if (node.star) {
      this.write('*')
    } else {
      if (node.distinct) this.write('DISTINCT ')
      this.list(node.args)
    }
    this.write(')')
  }

  protected visitWindow(node: N.WindowNode): void {
    this.visitFunction(node.fn)
    this.write(' OVER (')
    let space = ''
    if (node.partitionBy.length > 0) {
      this.write('PARTITION BY ')
      this.list(node.partitionBy)
      space = ' '
    }
    if (node.orderBy.length > 0) {
      this.write(`${space}ORDER BY `)
      this.list(node.orderBy)
      space = ' '
    }
    if (node.frame) {
      const { unit, start, end } = node.frame
      this.write(
        `${space}${unit.toUpperCase()} BETWEEN ${this.frameBound(start)} AND ${this.frameBound(end)}`,
      )
    }
    this.write(')')
  }

  protected frameBound(bound: N.FrameBound): string {
    if (bound.type !== 'preceding' && bound.type !== 'following') return FRAME_BOUNDS[bound.type]
    const offset = bound.offset
    if (offset === undefined || !Number.isSafeInteger(offset) || offset < 0) {
      throw new CompileError(
        `A window frame bound "${bound.type}" needs a non-negative integer offset, got ${String(offset)}. Pass a whole number such as 1.`,
      )
    }
    return `${offset} ${FRAME_BOUNDS[bound.type]}`
  }

  protected visitCase(node: N.CaseNode): void {
    this.write('CASE')
    for (const { when, then } of node.whens) {
      this.write(' WHEN ')
      this.visit(when)
      this.write(' THEN ')
      this.visit(then)
    }
    if (node.else) {
      this.write(' ELSE ')
      this.visit(node.else)
    }
    this.write(' END')
  }

  protected visitTemplate(node: N.SqlTemplateNode): void {
    node.strings.forEach((text, i) => {
      this.write(text)
      const value = node.values[i]
      if (i < node.values.length && value) this.visit(value)
    })
  }

  protected visitJoin(node: N.JoinNode): void {
    this.write(` ${this.joinKeyword(node.type)} `)
    this.visit(node.table)
    if (node.on) {
      this.write(' ON ')
      this.visit(node.on)
    } else if (node.type !== 'cross') {
      throw new CompileError(
        `A ${node.type} join needs an ON condition. Give the join a condition, or use a cross join.`,
      )
    }
  }

  protected writeLimitOffset(limit: N.ExprNode | undefined, offset: N.ExprNode | undefined): void {
    if (limit) {
      this.write(' LIMIT ')
      this.visit(limit)
    } else if (offset) {
      const all = this.limitForOffsetOnly()
      if (all !== undefined) this.write(` LIMIT ${all}`)
    }
    if (offset) {
      this.write(' OFFSET ')
      this.visit(offset)
    }
  }

  protected writeOrderByList(items: readonly N.OrderByNode[]): void {
    if (items.length === 0) return
    this.write(' ORDER BY ')
    this.list(items)
  }

  protected visitSelect(node: N.SelectNode): void {
    if (node.with) this.visit(node.with)
    const outer = this.#bareRelation
    this.#bareRelation =
      this.bareSoleRelation && this.#nested === 0 ? soleRelation(node) : undefined
    this.write(node.distinct ? 'SELECT DISTINCT ' : 'SELECT ')
    if (node.columns.length === 0) this.write('*')
    else this.list(node.columns)
    if (node.from.length > 0) {
      this.write(' FROM ')
      this.list(node.from)
    }
    for (const join of node.joins) this.visit(join)
    if (node.where) {
      this.write(' WHERE ')
      this.visit(node.where)
    }
    this.#bareRelation = undefined
    if (node.groupBy.length > 0) {
      this.write(' GROUP BY ')
      this.list(node.groupBy)
    }
    if (node.having) {
      this.write(' HAVING ')
      this.visit(node.having)
    }
    this.writeOrderByList(node.orderBy)
    this.writeLimitOffset(node.limit, node.offset)
    this.#bareRelation = outer
  }

  protected visitSetOperation(node: N.SetOperationNode): void {
    if (node.with) this.visit(node.with)
    this.writeSetOperand(node.left, 'left')
    this.write(` ${SET_OPERATORS[node.op]} `)
    this.writeSetOperand(node.right, 'right')
    // The ORDER BY of a set operation sees only the output columns, by their bare names.
    const outer = this.#unqualified
    this.#unqualified = true
    this.writeOrderByList(node.orderBy)
    this.#unqualified = outer
    this.writeLimitOffset(node.limit, node.offset)
  }

  protected writeReturning(
    items: readonly N.SelectItemNode[] | undefined,
    statement: ReturningStatement,
  ): void {
    if (!items) return
    this.checkReturning(statement)
    this.write(' RETURNING ')
    this.list(items)
  }

  protected writeAssignments(
    set: readonly (readonly [string, N.ExprNode])[],
    qualifier: string | undefined,
  ): void {
    set.forEach(([column, value], i) => {
      if (i > 0) this.write(', ')
      if (qualifier !== undefined) this.write(`${this.identifier(qualifier)}.`)
      this.write(`${this.identifier(column)} = `)
      this.visit(value)
    })
  }

  protected visitInsert(node: N.InsertNode): void {
    if (node.with) {
      this.checkWith('insert')
      this.visit(node.with)
    }
    this.write(this.insertKeyword(node))
    this.visit(node.table)
    if (node.columns.length > 0) {
      this.write(` (${node.columns.map((c) => this.identifier(c)).join(', ')})`)
    }
    if (node.select) {
      this.writeInsertSelect(node.select, node)
    } else if (node.columns.length === 0) {
      this.writeDefaultValues()
    } else {
      this.write(' VALUES ')
      ;(node.rows ?? []).forEach((row, i) => {
        this.write(i > 0 ? ', (' : '(')
        this.list(row)
        this.write(')')
      })
    }
    if (node.onConflict) this.visit(node.onConflict)
    this.writeReturning(node.returning, 'insert')
  }

  protected visitUpdate(node: N.UpdateNode): void {
    if (node.with) {
      this.checkWith('update')
      this.visit(node.with)
    }
    const multiTable = node.from.length > 0 && this.multiTableUpdate()
    this.write('UPDATE ')
    this.visit(node.table)
    if (multiTable) {
      this.write(', ')
      this.list(node.from)
    }
    this.write(' SET ')
    this.writeAssignments(node.set, multiTable ? (node.table.alias ?? node.table.name) : undefined)
    if (node.from.length > 0 && !multiTable) {
      this.write(' FROM ')
      this.list(node.from)
    }
    if (node.where) {
      this.write(' WHERE ')
      this.visit(node.where)
    }
    this.writeReturning(node.returning, 'update')
  }

  protected visitDelete(node: N.DeleteNode): void {
    if (node.with) {
      this.checkWith('delete')
      this.visit(node.with)
    }
    this.write('DELETE FROM ')
    this.visit(node.table)
    if (node.where) {
      this.write(' WHERE ')
      this.visit(node.where)
    }
    this.writeReturning(node.returning, 'delete')
  }

  // ---- DDL ----------------------------------------------------------------------------

  protected visitCreateTable(node: N.CreateTableNode): void {
    const t = node.table
    this.write(
      `CREATE TABLE ${node.ifNotExists ? 'IF NOT EXISTS ' : ''}${this.identifier(t.name)} (`,
    )
    t.columns.forEach((column, i) => {
      if (i > 0) this.write(', ')
      this.writeColumnDefinition(column, t)
    })
    const pk = this.tablePrimaryKey(t)
    if (pk.length > 0) this.write(`, PRIMARY KEY (${pk.map((c) => this.identifier(c)).join(', ')})`)
    for (const fk of t.foreignKeys) this.writeForeignKey(fk)
    for (const check of t.checks) {
      this.write(`, CONSTRAINT ${this.identifier(check.name)} CHECK (`)
      this.visit(check.expr)
      this.write(')')
    }
    this.writeTableIndexes(node)
    this.write(`)${this.tableOptions()}`)
  }

  protected writeColumnDefinition(column: ColumnDef, table: TableDef): void {
    this.write(`${this.identifier(column.name)} ${this.columnType(column.type, column)}`)
    if (column.autoIncrement) this.write(this.autoIncrement(column, table))
    if (column.notNull) this.write(' NOT NULL')
    this.writeDefault(column)
    if (column.unique) this.write(' UNIQUE')
    this.write(this.columnCheck(column))
  }

  protected writeForeignKey(fk: ForeignKeyDef): void {
    const target = fk.references()
    const cols = (names: readonly string[]) => names.map((c) => this.identifier(c)).join(', ')
    this.write(
      `, FOREIGN KEY (${cols(fk.columns)}) REFERENCES ${this.identifier(target.table)} (${cols(target.columns)})`,
    )
    if (fk.onDelete) this.write(` ON DELETE ${this.referentialAction(fk.onDelete)}`)
    if (fk.onUpdate) this.write(` ON UPDATE ${this.referentialAction(fk.onUpdate)}`)
  }

  /** The enum's values as a literal list, `'a', 'b'`. */
  protected enumValues(values: readonly string[]): string {
    return values.map((v) => this.literal(v, undefined)).join(', ')
  }
}

/** The name a select's only relation is known by, when it reads one table and joins none. */
function soleRelation(node: N.SelectNode): string | undefined {
  if (node.joins.length > 0 || node.from.length !== 1) return undefined
  const only = node.from[0]!
  return only.kind === 'TableRef' ? (only.alias ?? only.name) : undefined
}
