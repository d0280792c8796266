import type { ColumnType } from '../schema/column-type.js'
import type { TableDef } from '../schema/table-def.js'

/*
 * The statement tree. Every node is a plain object with a `kind` and readonly fields;
 * builders make new trees and never change an old one, so one tree can be compiled for every
 * dialect and cached per dialect. Nodes shared through the schema are frozen as well; nodes
 * made per statement are not (see ARCHITECTURE.md). Nothing here knows a dialect: quoting, placeholders and spelling
 * belong to the compilers in ../compile.
 */

/** A table or view by name, with the alias it goes by in this statement. */
export interface TableRefNode {
  readonly kind: 'TableRef'
  readonly name: string
  readonly alias?: string
}

/** A select used as a table: `(select ...) as alias`. */
export interface SubqueryTableNode {
  readonly kind: 'SubqueryTable'
  readonly query: QueryNode
  readonly alias: string
}

/** What FROM and joins read: a table reference or a subquery. */
export type FromItemNode = TableRefNode | SubqueryTableNode

/** The kind of a join: inner, left, right, full or cross. */
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'cross'

/** One join: the relation joined, and its ON condition (none for a cross join). */
export interface JoinNode {
  readonly kind: 'Join'
  readonly type: JoinType
  readonly table: FromItemNode
  readonly on?: ExprNode
}

/** `qualifier.name`; qualifier is the table's alias or name, absent when unambiguous. */
export interface ColumnNode {
  readonly kind: 'Column'
  readonly table?: string
  readonly name: string
}

/** A value that is always sent as a bound parameter, encoded by the codec of `type`. */
export interface ValueNode {
  readonly kind: 'Value'
  readonly value: unknown
  readonly type?: ColumnType
  /**
   * A column's JS `defaultFn` when the value came from it: every execution and every
   * parameter set of an executemany binds a fresh value from it (`value` is the first one).
   */
  readonly generate?: () => unknown
}

/** A named placeholder whose value is given at execute time: `param("id")`. */
export interface ParamNode {
  readonly kind: 'Param'
  readonly name: string
  readonly type?: ColumnType
}

/** The comparison operators every dialect spells the same way. */
export type ComparisonOperator = '=' | '<>' | '<' | '<=' | '>' | '>='
/** The arithmetic operators, and `||` string concatenation. */
export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%'
/** Every two-operand operator of `BinaryNode`. */
export type BinaryOperator = ComparisonOperator | ArithmeticOperator | 'concat'

/** `left op right`: a comparison or arithmetic expression. */
export interface BinaryNode {
  readonly kind: 'Binary'
  readonly op: BinaryOperator
  readonly left: ExprNode
  readonly right: ExprNode
}

/** `expr [NOT] LIKE pattern`, case-insensitive when `caseInsensitive` (ILIKE on PostgreSQL). */
export interface LikeNode {
  readonly kind: 'Like'
  readonly expr: ExprNode
  readonly pattern: ExprNode
  readonly caseInsensitive: boolean
  readonly negated: boolean
}

/** `AND` or `OR` over two or more conditions. */
export interface LogicalNode {
  readonly kind: 'Logical'
  readonly op: 'and' | 'or'
  readonly items: readonly ExprNode[]
}

/** `NOT expr`. */
export interface NotNode {
  readonly kind: 'Not'
  readonly expr: ExprNode
}

/** `expr IS [NOT] NULL`. */
export interface IsNullNode {
  readonly kind: 'IsNull'
  readonly expr: ExprNode
  readonly negated: boolean
}

/** `expr [NOT] IN (values)` or `IN (subquery)`. */
export interface InNode {
  readonly kind: 'In'
  readonly expr: ExprNode
  /** A list of expressions, or a subquery. An empty list is legal and is never true. */
  readonly list: readonly ExprNode[] | QueryNode
  readonly negated: boolean
}

/** `expr BETWEEN low AND high`. */
export interface BetweenNode {
  readonly kind: 'Between'
  readonly expr: ExprNode
  readonly low: ExprNode
  readonly high: ExprNode
  readonly negated: boolean
}

/** `[NOT] EXISTS (subquery)`. */
export interface ExistsNode {
  readonly kind: 'Exists'
  readonly query: QueryNode
  readonly negated: boolean
}

/**
 * The portable functions. A dialect spells each its own way (for example `concat`), so a
 * function is named by what it does, never by one database's spelling.
 */
export type FunctionName =
  | 'count'
  | 'sum'
  | 'avg'
  | 'min'
  | 'max'
  | 'coalesce'
  | 'lower'
  | 'upper'
  | 'length'
  | 'abs'
  | 'row_number'
  | 'rank'
  | 'dense_rank'
  | 'lag'
  | 'lead'
  | 'first_value'
  | 'last_value'

/** A call of one of the portable functions, which each dialect names its own way. */
export interface FunctionNode {
  readonly kind: 'Function'
  readonly name: FunctionName
  readonly args: readonly ExprNode[]
  /** `count(*)` */
  readonly star?: boolean
  readonly distinct?: boolean
}

/** `CAST(expr AS type)`, the type spelled by the dialect. */
export interface CastNode {
  readonly kind: 'Cast'
  readonly expr: ExprNode
  readonly type: ColumnType
}

/** The current point in time, spelled by the dialect. */
export interface CurrentTimestampNode {
  readonly kind: 'CurrentTimestamp'
}

/** One end of a window frame. */
export interface FrameBound {
  readonly type:
    | 'unboundedPreceding'
    | 'preceding'
    | 'currentRow'
    | 'following'
    | 'unboundedFollowing'
  /** Row or range offset for `preceding` / `following`; a literal, not a parameter. */
  readonly offset?: number
}

/** A window function call: `fn(...) OVER (PARTITION BY ... ORDER BY ... frame)`. */
export interface WindowNode {
  readonly kind: 'Window'
  readonly fn: FunctionNode
  readonly partitionBy: readonly ExprNode[]
  readonly orderBy: readonly OrderByNode[]
  readonly frame?: {
    readonly unit: 'rows' | 'range'
    readonly start: FrameBound
    readonly end: FrameBound
  }
}

/** A select used as a value: `(select max(x) from t)`. */
export interface ScalarSubqueryNode {
  readonly kind: 'ScalarSubquery'
  readonly query: QueryNode
}

/** `case when c then v ... else e end` */
export interface CaseNode {
  readonly kind: 'Case'
  readonly whens: readonly { readonly when: ExprNode; readonly then: ExprNode }[]
  readonly else?: ExprNode
}

/** Quoted identifier chain from `sql.identifier("a", "b")`: `"a"."b"`. */
export interface IdentifierNode {
  readonly kind: 'Identifier'
  readonly names: readonly string[]
}

/** Raw SQL text, only from the explicitly named escape hatch `sql.raw()`. */
export interface RawTextNode {
  readonly kind: 'RawText'
  readonly text: string
}

/**
 * The `sql` tagged template: text parts are the template's own literal strings; every
 * interpolation is a node (a Value for plain values).
 */
export interface SqlTemplateNode {
  readonly kind: 'SqlTemplate'
  readonly strings: readonly string[]
  readonly values: readonly ExprNode[]
}

/** The value proposed for insertion, inside an upsert's update: `excluded.col`. */
export interface ExcludedNode {
  readonly kind: 'Excluded'
  readonly column: string
}

/** `expr as alias` in a select list or returning list. */
export interface AliasNode {
  readonly kind: 'Alias'
  readonly expr: ExprNode
  readonly alias: string
}

/** One ORDER BY term: the expression, direction and where NULLs go. */
export interface OrderByNode {
  readonly kind: 'OrderBy'
  readonly expr: ExprNode
  readonly direction: 'asc' | 'desc'
  readonly nulls?: 'first' | 'last'
}

/** Every node that stands for a value. */
export type ExprNode =
  | ColumnNode
  | ValueNode
  | ParamNode
  | BinaryNode
  | LikeNode
  | LogicalNode
  | NotNode
  | IsNullNode
  | InNode
  | BetweenNode
  | ExistsNode
  | FunctionNode
  | CastNode
  | CurrentTimestampNode
  | WindowNode
  | ScalarSubqueryNode
  | CaseNode
  | IdentifierNode
  | RawTextNode
  | SqlTemplateNode
  | ExcludedNode

/** What a select list holds: expressions, possibly labelled. */
export type SelectItemNode = ExprNode | AliasNode

/** One common table expression: its name and its query. */
export interface CteNode {
  readonly kind: 'Cte'
  readonly name: string
  readonly columns?: readonly string[]
  readonly query: QueryNode
}

/** The WITH clause of a statement, RECURSIVE when one of its CTEs reads itself. */
export interface WithNode {
  readonly kind: 'With'
  readonly recursive: boolean
  readonly ctes: readonly CteNode[]
}

/** A SELECT statement. */
export interface SelectNode {
  readonly kind: 'Select'
  readonly with?: WithNode
  readonly distinct: boolean
  readonly columns: readonly SelectItemNode[]
  readonly from: readonly FromItemNode[]
  readonly joins: readonly JoinNode[]
  readonly where?: ExprNode
  readonly groupBy: readonly ExprNode[]
  readonly having?: ExprNode
  readonly orderBy: readonly OrderByNode[]
  readonly limit?: ExprNode
  readonly offset?: ExprNode
}

/** The set operators between two queries. */
export type SetOperator = 'union' | 'union all' | 'intersect' | 'except'

/** Two queries joined by UNION, INTERSECT or EXCEPT, with their own ORDER BY and LIMIT. */
export interface SetOperationNode {
  readonly kind: 'SetOperation'
  readonly with?: WithNode
  readonly op: SetOperator
  readonly left: QueryNode
  readonly right: QueryNode
  readonly orderBy: readonly OrderByNode[]
  readonly limit?: ExprNode
  readonly offset?: ExprNode
}

/** Anything that returns rows: a select or a set operation. */
export type QueryNode = SelectNode | SetOperationNode

/** What an insert does on a unique conflict: nothing, or an update of some columns. */
export interface OnConflictNode {
  readonly kind: 'OnConflict'
  /** Column names of the unique constraint; MySQL has no target and ignores it. */
  readonly target: readonly string[]
  readonly action: 'nothing' | { readonly set: readonly (readonly [string, ExprNode])[] }
  readonly where?: ExprNode
}

/** An INSERT statement: VALUES rows or a query, optional upsert and RETURNING. */
export interface InsertNode {
  readonly kind: 'Insert'
  readonly with?: WithNode
  readonly table: TableRefNode
  readonly columns: readonly string[]
  /** Rows of values, one expression per column; absent when inserting from a select. */
  readonly rows?: readonly (readonly ExprNode[])[]
  readonly select?: QueryNode
  readonly onConflict?: OnConflictNode
  readonly returning?: readonly SelectItemNode[]
}

/** An UPDATE statement, optionally reading other relations and returning rows. */
export interface UpdateNode {
  readonly kind: 'Update'
  readonly with?: WithNode
  readonly table: TableRefNode
  readonly set: readonly (readonly [string, ExprNode])[]
  readonly from: readonly FromItemNode[]
  readonly where?: ExprNode
  readonly returning?: readonly SelectItemNode[]
}

/** A DELETE statement, optionally returning rows. */
export interface DeleteNode {
  readonly kind: 'Delete'
  readonly with?: WithNode
  readonly table: TableRefNode
  readonly where?: ExprNode
  readonly returning?: readonly SelectItemNode[]
}

/** CREATE TABLE [IF NOT EXISTS] from a table definition. */
export interface CreateTableNode {
  readonly kind: 'CreateTable'
  readonly table: TableDef
  readonly ifNotExists: boolean
}

/** CREATE [UNIQUE] INDEX on columns of a table. */
export interface CreateIndexNode {
  readonly kind: 'CreateIndex'
  readonly table: string
  readonly name: string
  readonly columns: readonly string[]
  readonly unique: boolean
  /**
   * Skip the index when one of that name exists. MySQL 8 has no CREATE INDEX IF NOT EXISTS,
   * so there the index is declared inside its table's CREATE TABLE IF NOT EXISTS and this
   * statement does nothing: an index is created with its table only.
   */
  readonly ifNotExists: boolean
}

/** CREATE VIEW name AS query. */
export interface CreateViewNode {
  readonly kind: 'CreateView'
  readonly name: string
  readonly query: QueryNode
  /** Keep an existing view (SQLite) or replace it (PostgreSQL, MySQL/MariaDB). */
  readonly ifNotExists: boolean
}

/**
 * A named enum type, created before the tables that use it. Only PostgreSQL has named enum
 * types; elsewhere the enum lives in the column (MySQL `ENUM(...)`, a CHECK on SQLite) and
 * this statement compiles to one that does nothing, so `createAll` stays dialect-free.
 */
export interface CreateEnumNode {
  readonly kind: 'CreateEnum'
  readonly name: string
  readonly values: readonly string[]
  /** Skip the type when one of that name exists (its values are not compared). */
  readonly ifNotExists: boolean
}

/** DROP of a table, a view or an enum type, [IF EXISTS]. */
export interface DropNode {
  readonly kind: 'Drop'
  /** `type` drops a named enum type (a no-op where enums are not named types). */
  readonly what: 'table' | 'view' | 'type'
  readonly name: string
  readonly ifExists: boolean
}

/** Every schema statement. */
export type DdlNode = CreateTableNode | CreateIndexNode | CreateViewNode | CreateEnumNode | DropNode

/** A raw statement from the `sql` tag, executed as written. */
export interface RawStatementNode {
  readonly kind: 'RawStatement'
  readonly template: SqlTemplateNode
}

/** Every statement a compiler turns into SQL. */
export type StatementNode =
  | SelectNode
  | SetOperationNode
  | InsertNode
  | UpdateNode
  | DeleteNode
  | DdlNode
  | RawStatementNode

/** Every node of the statement tree: what the compiler visits. */
export type Node =
  | ExprNode
  | StatementNode
  | AliasNode
  | OrderByNode
  | JoinNode
  | FromItemNode
  | CteNode
  | WithNode
  | OnConflictNode
