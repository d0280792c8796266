import type { InsertNode, StatementNode } from '../ast/nodes.js'
import type { CompiledStatement } from '../compile/compiled.js'
import type { Dialect, TransactionOptions } from '../dialect/dialect.js'
import type { Capabilities, QueryResult } from '../driver/contract.js'
import type { ErrorPhase } from '../errors/base.js'
import { NakedSqlError } from '../errors/base.js'
import {
  ParameterError,
  ResultShapeError,
  UnsupportedOptionError,
} from '../errors/session-errors.js'
import { type RowMapper, rowMapper, untypedRowMapper } from '../result/mapper.js'
import { Result } from '../result/result.js'
import type { ResultShape } from '../result/shape.js'
import type { Statement } from '../statements/statement.js'
import {
  type Binder,
  type BinderLayout,
  createBinderLayout,
  type Parameters,
  sameLayout,
} from './bind.js'

/*
 * Everything about running a statement that is the same for async and sync sessions:
 * compiling through the statement's cache, binding, the RETURNING check, executemany
 * batching, building results, classifying driver errors. Sessions add only the I/O.
 */

/** A compiled statement with its binder and row mapper, built once per factory. */
export interface Plan {
  readonly compiled: CompiledStatement
  /**
   * The SQL text to send: the first string of that text the executor saw, so a statement
   * built per call hands the driver a string whose hash its statement cache already knows.
   */
  readonly sql: string
  readonly binder: Binder
  /** Absent for statements without a shape; their rows map column by column. */
  readonly mapper: RowMapper | undefined
}

/** What statements compiled to the same SQL and layout share. */
interface SharedPlan {
  /** The statement the layout was made from, to compare the next ones with. */
  readonly compiled: CompiledStatement
  readonly layout: BinderLayout
  readonly mapper: RowMapper | undefined
}

const SHARED_PLANS = 2000

function sameShape(a: ResultShape | undefined, b: ResultShape | undefined): boolean {
  if (a === b) return true
  if (a === undefined || b === undefined || a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Whether two statements of the same SQL bind and map the same way. */
function sameStatementLayout(a: CompiledStatement, b: CompiledStatement): boolean {
  return a.kind === b.kind && sameShape(a.shape, b.shape) && sameLayout(a.params, b.params)
}

/** One round trip of an executemany: SQL plus all of its values. */
export interface BatchStep {
  readonly sql: string
  readonly values: unknown[]
}

interface BatchInfo {
  readonly node: InsertNode
  readonly rowSize: number
  readonly maxRows: number
  readonly variants: Map<number, CompiledStatement>
}

/** Anything `execute` accepts: a statement built by nakedsql. */
export type Executable<TRow extends readonly unknown[] = readonly unknown[]> = Statement<TRow>

export class Executor {
  readonly dialect: Dialect
  readonly capabilities: Capabilities
  readonly maxParameters: number
  readonly #plans = new WeakMap<CompiledStatement, Plan>()
  readonly #shared = new Map<string, SharedPlan>()
  readonly #batches = new WeakMap<CompiledStatement, BatchInfo | null>()
  readonly #emptyMapper: RowMapper

  constructor(dialect: Dialect, capabilities: Capabilities) {
    this.dialect = dialect
    this.capabilities = capabilities
    this.maxParameters = Math.min(
      dialect.maxParameters,
      capabilities.maxParameters ?? Number.POSITIVE_INFINITY,
    )
    this.#emptyMapper = untypedRowMapper(0, dialect)
  }

  /**
   * The plan of a statement: its own when it ran before, else one made from the layout that
   * statements compiled to the same SQL share, so a statement built per call costs a lookup
   * rather than new codecs and a new row mapper.
   */
  plan(statement: Executable): Plan {
    const compiled = statement.compile(this.dialect)
    const hit = this.#plans.get(compiled)
    if (hit !== undefined) return hit
    let shared = this.#shared.get(compiled.sql)
    if (shared === undefined || !sameStatementLayout(shared.compiled, compiled)) {
      shared = this.#share(compiled)
      // Bounded: statements whose SQL differs per call (IN lists of any length) come and go.
      if (this.#shared.size >= SHARED_PLANS) this.#shared.clear()
      this.#shared.set(compiled.sql, shared)
    }
    const plan: Plan = {
      compiled,
      sql: shared.compiled.sql,
      binder: shared.layout.binderFor(compiled.params),
      mapper: shared.mapper,
    }
    this.#plans.set(compiled, plan)
    return plan
  }

  #share(compiled: CompiledStatement): SharedPlan {
    const kind = compiled.kind
    if (
      compiled.shape !== undefined &&
      (kind === 'insert' || kind === 'update' || kind === 'delete') &&
      !this.capabilities.returning[kind]
    ) {
      throw new UnsupportedOptionError(
        'returning',
        `This driver cannot return rows from ${kind.toUpperCase()} (RETURNING is not supported for it): drop .returning(...) and read the rows with a select in the same session.`,
        'statement',
      )
    }
    return {
      compiled,
      layout: createBinderLayout(compiled, this.dialect, this.maxParameters),
      mapper: compiled.shape === undefined ? undefined : rowMapper(compiled.shape, this.dialect),
    }
  }

  /** Wraps the driver's answer; rows are mapped lazily by the result. */
  result<TRow extends readonly unknown[]>(plan: Plan, answer: QueryResult): Result<TRow> {
    const rows = answer.rows
    let mapper = plan.mapper
    if (mapper === undefined) {
      mapper =
        answer.columns.length === 0
          ? this.#emptyMapper
          : untypedRowMapper(answer.columns.length, this.dialect)
    } else if (rows.length > 0 && rows[0]!.length !== mapper.width) {
      throw new ResultShapeError(
        `The statement returned ${rows[0]!.length} columns and its result shape expects ${mapper.width}: a raw sql statement must select exactly the columns its shape lists.`,
      )
    }
    return new Result<TRow>(rows, answer.rowCount, mapper)
  }

  /** Concatenates the answers of an executemany that returns rows. */
  merge(answers: readonly QueryResult[]): QueryResult {
    if (answers.length === 1) return answers[0]!
    const rows: (readonly unknown[])[] = []
    let rowCount = 0
    for (const a of answers) {
      for (const row of a.rows) rows.push(row)
      rowCount += a.rowCount
    }
    return { columns: answers[0]?.columns ?? [], rows, rowCount }
  }

  /** Encodes every parameter set of an executemany with one plan. */
  bindAll(plan: Plan, sets: readonly Parameters[]): unknown[][] {
    const out = new Array<unknown[]>(sets.length)
    for (let i = 0; i < sets.length; i++) out[i] = plan.binder.bind(sets[i])
    return out
  }

  /**
   * The round trips of an executemany of a single-row `INSERT ... VALUES`: the parameter
   * sets folded into multi-row inserts of at most `maxParameters` values each. Undefined
   * when the statement cannot be folded (then the driver's executeMany runs it per set).
   * Batch sizes are the largest that fits plus powers of two for the rest, so the compiled
   * variants cached per statement stay few.
   */
  batches(statement: Executable, plan: Plan, sets: readonly Parameters[]): BatchStep[] | undefined {
    if (this.capabilities.batchInserts === false || sets.length < 2) return undefined
    const info = this.#batchInfo(statement, plan.compiled)
    if (info === null) return undefined
    const steps: BatchStep[] = []
    let start = 0
    while (start < sets.length) {
      const left = sets.length - start
      const rows = left >= info.maxRows ? info.maxRows : 2 ** Math.floor(Math.log2(left))
      const compiled = this.#variant(info, rows)
      const values = new Array<unknown>(rows * info.rowSize)
      for (let r = 0; r < rows; r++) {
        plan.binder.bindInto(values, r * info.rowSize, sets[start + r])
      }
      steps.push({ sql: compiled.sql, values })
      start += rows
    }
    return steps
  }

  #batchInfo(statement: Executable, compiled: CompiledStatement): BatchInfo | null {
    const known = this.#batches.get(compiled)
    if (known !== undefined) return known
    let info: BatchInfo | null = null
    const node: StatementNode = statement.toNode()
    const rowSize = compiled.params.length
    if (
      node.kind === 'Insert' &&
      node.rows?.length === 1 &&
      node.select === undefined &&
      node.with === undefined &&
      rowSize > 0
    ) {
      const candidate: BatchInfo = {
        node,
        rowSize,
        maxRows: Math.floor(this.maxParameters / rowSize),
        variants: new Map([[1, compiled]]),
      }
      // Folding is sound only when every bound value belongs to the VALUES row.
      if (candidate.maxRows >= 2 && this.#variant(candidate, 2).params.length === 2 * rowSize) {
        info = candidate
      }
    }
    this.#batches.set(compiled, info)
    return info
  }

  #variant(info: BatchInfo, rows: number): CompiledStatement {
    let compiled = info.variants.get(rows)
    if (compiled === undefined) {
      const row = info.node.rows![0]!
      const node: InsertNode = { ...info.node, rows: Array.from({ length: rows }, () => row) }
      compiled = this.dialect.compile(node, info.variants.get(1)!.shape)
      if (rows > 2 && compiled.params.length !== rows * info.rowSize) {
        throw new ParameterError(
          `Internal error: a ${rows}-row insert compiled to ${compiled.params.length} values instead of ${rows * info.rowSize}. Please report this with the statement.`,
        )
      }
      info.variants.set(rows, compiled)
    }
    return compiled
  }

  /** A driver error as a nakedsql error of `phase`; nakedsql's own errors pass through. */
  classify(error: unknown, phase: ErrorPhase): NakedSqlError {
    return error instanceof NakedSqlError ? error : this.dialect.classifyError(error, phase)
  }

  /** Refuses transaction options the driver cannot honour, before a connection is taken. */
  checkTransactionOptions(options: TransactionOptions): void {
    const caps = this.capabilities
    const level = options.isolationLevel
    if (level !== undefined && !caps.isolationLevels.includes(level)) {
      throw new UnsupportedOptionError(
        'isolationLevel',
        `This driver cannot start a transaction with isolation level "${level}"; it supports ${caps.isolationLevels.length > 0 ? caps.isolationLevels.map((l) => `"${l}"`).join(', ') : 'no explicit level'}. Choose one of those or leave isolationLevel out.`,
        'begin',
      )
    }
    if (options.readOnly === true && !caps.readOnly) {
      throw new UnsupportedOptionError(
        'readOnly',
        'This driver cannot start a read-only transaction: leave readOnly out and do not write in the session.',
        'begin',
      )
    }
  }

  /**
   * A statement timeout option as the driver gets it (whole milliseconds), or the refusal of
   * a driver that has no statement timeout: silently running without the limit asked for
   * would be worse.
   */
  statementTimeout(timeoutMs: number, phase: ErrorPhase): number {
    if (this.capabilities.statementTimeout !== true) {
      throw new UnsupportedOptionError(
        'timeoutMs',
        'This driver has no server-side statement timeout (capabilities.statementTimeout is false): leave timeoutMs out, and bound the work another way (a smaller query, a busy timeout).',
        phase,
      )
    }
    if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) {
      throw new RangeError(
        `timeoutMs must be a finite number of milliseconds above 0, not ${timeoutMs}.`,
      )
    }
    return Math.ceil(timeoutMs)
  }

  /** Refuses savepoints on a driver without them. */
  checkSavepoints(): void {
    if (!this.capabilities.savepoints) {
      throw new UnsupportedOptionError(
        'savepoint',
        'This driver does not support savepoints: split the work into separate sessions instead.',
        'statement',
      )
    }
  }
}

/** True for an executemany call: an array of parameter sets. */
export function isParameterSets(
  parameters: Parameters | readonly Parameters[] | undefined,
): parameters is readonly Parameters[] {
  return Array.isArray(parameters)
}
