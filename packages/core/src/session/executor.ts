import type { InsertNode, StatementNode, ValueNode } from '../ast/nodes.js'
import type { CompiledStatement } from '../compile/compiled.js'
import { inlinesValues } from '../compile/inline.js'
import { ShapeIndex } from '../compile/shape-index.js'
import type { Dialect, TransactionOptions } from '../dialect/dialect.js'
import type { Capabilities, QueryResult } from '../driver/contract.js'
import type { ErrorPhase } from '../errors/base.js'
import { NakedSqlError } from '../errors/base.js'
import { ParameterError, UnsupportedOptionError } from '../errors/session-errors.js'
import {
  type DriverMapping,
  driverMapping,
  MappingFailure,
  widthError,
} from '../result/driver-mapping.js'
import { type RowMapper, rowMapper, untypedRowMapper } from '../result/mapper.js'
import { Result, ScalarResult } from '../result/result.js'
import type { BuildKey } from '../statements/build-key.js'
import type { Statement } from '../statements/statement.js'
import { type Binder, createBinder, ownValues, type Parameters } from './bind.js'

/*
 * Everything about running a statement that is the same for async and sync sessions:
 * finding its plan through the compile cache, binding, the RETURNING check, executemany
 * batching, building results, classifying driver errors. Sessions add only the I/O.
 */

/**
 * What every statement of one shape shares, made once per factory: the SQL compiled from the
 * first of them, its binder and its row mapper.
 */
interface Template {
  readonly compiled: CompiledStatement
  readonly binder: Binder
  readonly mapper: RowMapper | undefined
  readonly mapping: DriverMapping | undefined
}

/** A statement's template with the values it binds: bind with `binder.bind(params, values)`. */
export interface Plan {
  readonly compiled: CompiledStatement
  /** The SQL text to send: one string per shape, whose hash the driver's caches know. */
  readonly sql: string
  readonly binder: Binder
  /** Absent for statements without a shape; their rows map column by column. */
  readonly mapper: RowMapper | undefined
  /** The mapper's execute options for a driver that maps rows as it reads them. */
  readonly mapping: DriverMapping | undefined
  /** This statement's own bound values, in the order the binder reads them. */
  readonly values: readonly unknown[]
}

/**
 * The most values one folded executemany statement binds, below the driver's limit. Measured
 * for 10,000 seven-value rows in one transaction: batches of 500-1,000 rows took a third of
 * the time of 9,362-row batches on PostgreSQL (unnamed statements: 72-104 ms against 222-349
 * ms), about 0.7x on MariaDB and 0.3-0.6x on better-sqlite3; a very long statement costs more
 * to parse and plan than its round trips save.
 */
const MAX_BATCH_VALUES = 4096

/** Bounds the keyed templates: keys made from per-call relations must not grow it forever. */
const MAX_KEYED = 10_000

function planOf(template: Template, values: readonly unknown[]): Plan {
  return {
    compiled: template.compiled,
    sql: template.compiled.sql,
    binder: template.binder,
    mapper: template.mapper,
    mapping: template.mapping,
    values,
  }
}

/** For each slot, the walk position of the value node it was compiled from. */
function slotSources(
  compiled: CompiledStatement,
  nodes: readonly ValueNode[],
): number[] | undefined {
  const positions = new Map<ValueNode, number>()
  for (let i = nodes.length - 1; i >= 0; i--) positions.set(nodes[i]!, i)
  const sources: number[] = []
  for (const node of compiled.sources) {
    const at = node === undefined ? -1 : positions.get(node)
    if (at === undefined) return undefined
    sources.push(at)
  }
  return sources
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

/** What a caller asked for: every row as a tuple, the first element of each, or of the first. */
export type View = 'tuples' | 'scalars' | 'scalar'

/** A finished executemany's result in the caller's view: a result, scalars, or a scalar. */
export function resultView(result: Result<readonly unknown[]>, view: View): unknown {
  if (view === 'tuples') return result
  const scalars = result.ownScalars()
  return view === 'scalars' ? scalars : scalars.first()
}

/** Anything `execute` accepts: a statement built by nakedsql. */
export type Executable<TRow extends readonly unknown[] = readonly unknown[]> = Statement<TRow>

export class Executor {
  readonly dialect: Dialect
  readonly capabilities: Capabilities
  readonly maxParameters: number
  readonly #index = new ShapeIndex<Template>()
  readonly #byKey = new Map<BuildKey, Template>()
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
   * The plan of a statement: its own when it ran on this factory before; else the template of
   * its shape with its values, so a statement built per call costs one walk of its tree
   * rather than a compile, new codecs and a new row mapper.
   */
  plan(statement: Executable): Plan {
    const known = statement.memo(this)
    if (known !== undefined) return known as Plan
    const plan = this.#plan(statement)
    statement.remember(this, plan)
    return plan
  }

  #plan(statement: Executable): Plan {
    const key = statement.buildKey
    if (key !== undefined) return this.#keyedPlan(statement, key)
    const node = statement.toNode()
    if (inlinesValues(node)) return this.#ownPlan(statement.compile(this.dialect))
    const shape = statement.shape
    const slot = this.#index.find(node, shape, undefined)
    const values = this.#index.takeValues()
    if (slot.entry !== undefined) return planOf(slot.entry, values)
    const compiled = statement.compile(this.dialect)
    // A miss walks again for the value nodes, which map compiled slots to walk positions:
    // once per shape, so the hit path need not collect them.
    const nodes: ValueNode[] = []
    this.#index.find(node, shape, nodes)
    this.#index.takeValues()
    const sources = slotSources(compiled, nodes)
    // Every value slot comes from a node of the walk; if one ever did not, the statement
    // still runs correctly with its own values, just without sharing its template.
    if (sources === undefined) return this.#ownPlan(compiled)
    slot.entry = this.#template(compiled, sources)
    return planOf(slot.entry, values)
  }

  /**
   * The plan of a statement its builders keyed: the template of every statement with the same
   * key, found without building or walking its tree. A miss compiles it, as the walk would.
   */
  #keyedPlan(statement: Executable, key: BuildKey): Plan {
    const nodes = statement.keyValues
    const values = new Array<unknown>(nodes.length)
    for (let i = 0; i < nodes.length; i++) values[i] = nodes[i]!.value
    const entry = this.#byKey.get(key)
    if (entry !== undefined) return planOf(entry, values)
    const compiled = statement.compile(this.dialect)
    const sources = slotSources(compiled, nodes)
    if (sources === undefined) return this.#ownPlan(compiled)
    if (this.#byKey.size >= MAX_KEYED) this.#byKey.clear()
    const template = this.#template(compiled, sources)
    this.#byKey.set(key, template)
    return planOf(template, values)
  }

  #ownPlan(compiled: CompiledStatement): Plan {
    const { values, sources } = ownValues(compiled)
    return planOf(this.#template(compiled, sources), values)
  }

  #template(compiled: CompiledStatement, sources: readonly number[]): Template {
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
    const mapper =
      compiled.shape === undefined ? undefined : rowMapper(compiled.shape, this.dialect)
    return {
      compiled,
      binder: createBinder(compiled, sources, this.dialect, this.maxParameters),
      mapper,
      mapping: mapper === undefined ? undefined : driverMapping(mapper, kind === 'select'),
    }
  }

  /**
   * Wraps the driver's answer to a statement run with `plan.mapping.tuples` (or none): rows
   * the driver did not map are mapped lazily by the result.
   */
  result<TRow extends readonly unknown[]>(plan: Plan, answer: QueryResult): Result<TRow> {
    const mapped = answer.mapped
    if (mapped !== undefined) {
      const tuples = mapped as readonly (readonly unknown[])[]
      return new Result<TRow>(tuples, answer.rowCount, plan.mapper!, true)
    }
    return new Result<TRow>(answer.rows, answer.rowCount, this.#mapperOf(plan, answer), false)
  }

  /**
   * The answer in the form the caller asked for: the result (`execute`, `tuples`), its
   * scalars, or its first scalar (`scalar`, run with `plan.mapping.scalar`).
   */
  outcome(plan: Plan, answer: QueryResult, view: View): unknown {
    if (view === 'tuples') return this.result(plan, answer)
    // A lookup's one value, without a result object around it.
    const mapped = answer.mapped
    if (view === 'scalar' && mapped !== undefined) return mapped.length > 0 ? mapped[0] : null
    const scalars = this.scalars(plan, answer)
    return view === 'scalars' ? scalars : scalars.first()
  }

  /** `result()` for a statement run with `plan.mapping.scalars`, as its scalars. */
  scalars<T>(plan: Plan, answer: QueryResult): ScalarResult<T> {
    const mapped = answer.mapped
    if (mapped !== undefined) return new ScalarResult<T>(mapped as T[], answer.rowCount, undefined)
    const mapper = this.#mapperOf(plan, answer)
    return new ScalarResult<T>(
      answer.rows,
      answer.rowCount,
      mapper.first as (row: readonly unknown[]) => T,
      true,
    )
  }

  #mapperOf(plan: Plan, answer: QueryResult): RowMapper {
    const mapper = plan.mapper
    if (mapper === undefined) {
      return answer.columns.length === 0
        ? this.#emptyMapper
        : untypedRowMapper(answer.columns.length, this.dialect)
    }
    const rows = answer.rows
    if (rows.length > 0 && rows[0]!.length !== mapper.width) {
      throw widthError(rows[0]!.length, mapper.width)
    }
    return mapper
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
    for (let i = 0; i < sets.length; i++) out[i] = plan.binder.bind(sets[i], plan.values)
    return out
  }

  /**
   * The round trips of an executemany of a single-row `INSERT ... VALUES`: the parameter
   * sets folded into multi-row inserts of at most `maxParameters` values each, and at most
   * 4,096 (`MAX_BATCH_VALUES`). Undefined when the statement cannot be folded (then the
   * driver's executeMany runs it per set).
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
        plan.binder.bindInto(values, r * info.rowSize, sets[start + r], plan.values)
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
        maxRows: Math.floor(Math.min(this.maxParameters, MAX_BATCH_VALUES) / rowSize),
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

  /**
   * What a failed execute throws to the caller: the row mapper's own error when a row could
   * not be mapped (the statement itself succeeded), else the classified driver error.
   */
  failure(error: unknown, phase: ErrorPhase): unknown {
    return error instanceof MappingFailure ? error.error : this.classify(error, phase)
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
