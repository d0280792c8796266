import { longLived } from '../ast/long-lived.js'
import type {
  CteNode,
  ExprNode,
  FromItemNode,
  JoinNode,
  JoinType,
  OrderByNode,
  SelectNode,
  ValueNode,
} from '../ast/nodes.js'
import { CompileError } from '../errors/compile-error.js'
import type { Expression, OrderBy } from '../expressions/expression.js'
import type { Condition } from '../expressions/operators.js'
import { orderByNode } from '../expressions/window.js'
import type { ResultShape } from '../result/shape.js'
import {
  type BuildKey,
  DISTINCT,
  exprKey,
  FROM,
  GROUP_BY,
  HAVING,
  itemsKey,
  JOIN,
  type Keyed,
  keyStep,
  LIMIT,
  listKey,
  NO_KEY_VALUES,
  OFFSET,
  ORDER_BY,
  rootKey,
  SELECT,
  UNKEYED,
  WHERE,
} from './build-key.js'
import {
  type AnyRelation,
  checkItems,
  type FirstRelationName,
  isRelation,
  qualifiersOf,
  type SelectItem,
  selectList,
} from './items.js'
import { Query, type RowCount, rowCountNode, withNode } from './query.js'
import { andWhere } from './where.js'

interface JoinState {
  readonly type: JoinType
  readonly relation: AnyRelation
  readonly on?: ExprNode
}

/** Every field is always present (undefined when unset), so every state has one layout. */
/** With its builder-made compile-cache key (statements/build-key.ts). */
interface SelectState extends Keyed {
  readonly items: readonly SelectItem[]
  readonly distinct: boolean
  /** Explicit FROM; when absent, the first selected relation. */
  readonly from: readonly AnyRelation[] | undefined
  readonly joins: readonly JoinState[]
  readonly where: ExprNode | undefined
  readonly groupBy: readonly ExprNode[]
  readonly having: ExprNode | undefined
  readonly orderBy: readonly OrderByNode[]
  readonly limit: ExprNode | undefined
  readonly offset: ExprNode | undefined
  readonly ctes: readonly CteNode[]
}

function checkRelation(x: unknown, where: string): AnyRelation {
  if (!isRelation(x)) {
    throw new CompileError(
      `${where} takes a table, alias, view, CTE or subquery (query.as('name')).`,
    )
  }
  return x
}

const NO_NAMES: ReadonlySet<string> = new Set()
const NO_JOINS: readonly JoinNode[] = longLived(Object.freeze([]))
/** The empty lists a new select starts with, shared. */
const NONE: readonly never[] = NO_JOINS as readonly never[]
/** The FROM list of a statement reading one relation, shared by every such statement. */
const SINGLE_FROM = new WeakMap<AnyRelation, readonly FromItemNode[]>()

/** FROM and joins as one sequence: relation `i` of the statement. */
function relationAt(
  from: readonly AnyRelation[],
  joins: readonly JoinState[],
  i: number,
): AnyRelation {
  return i < from.length ? from[i]! : joins[i - from.length]!.relation
}

/** Whether FROM or a join names `name`. */
function inScope(from: readonly AnyRelation[], joins: readonly JoinState[], name: string): boolean {
  for (const r of from) if (r.$name === name) return true
  for (const j of joins) if (j.relation.$name === name) return true
  return false
}

/** The FROM relations of a statement that names none: the first selected one, shared. */
const ONLY_RELATION = new WeakMap<AnyRelation, readonly AnyRelation[]>()

function onlyRelation(relation: AnyRelation): readonly AnyRelation[] {
  let list = ONLY_RELATION.get(relation)
  if (list === undefined) {
    list = Object.freeze([relation])
    ONLY_RELATION.set(relation, list)
  }
  return list
}

function refOf(relation: AnyRelation): readonly FromItemNode[] {
  let from = SINGLE_FROM.get(relation)
  if (from === undefined) {
    from = longLived(Object.freeze([relation.$ref]))
    SINGLE_FROM.set(relation, from)
  }
  return from
}

/**
 * A select statement. `TItems` are the selected items, `TNull` the relations an outer join
 * made nullable, `TScope` the relations in FROM and joins so far (a right or full join
 * makes them nullable). Every method returns a new statement.
 *
 * @example
 * select(users, posts).from(users).leftJoin(posts, eq(posts.userId, users.id)) // [User, Post | null]
 */
export class Select<
  TItems extends readonly SelectItem[] = readonly SelectItem[],
  TNull extends string = never,
  TScope extends string = string,
> extends Query<TItems, TNull> {
  #built: { node: SelectNode; shape: ResultShape } | undefined
  /** Private and never written after construction, so not frozen: see ARCHITECTURE.md. */
  readonly #state: SelectState

  /** @internal */
  constructor(state: SelectState) {
    super()
    this.#state = state
  }

  /**
   * Every field written out, not spread: the state object has one fixed layout, and a
   * statement built per call pays for this on every builder call. A step that passes no
   * `key` leaves the statement to the executor's tree walk.
   */
  #next<N extends string = TNull, S extends string = TScope>(
    patch: Partial<SelectState>,
    keyed: Keyed = UNKEYED,
  ): Select<TItems, N, S> {
    const s = this.#state
    return new Select<TItems, N, S>({
      items: s.items,
      distinct: patch.distinct ?? s.distinct,
      from: patch.from ?? s.from,
      joins: patch.joins ?? s.joins,
      where: patch.where ?? s.where,
      groupBy: patch.groupBy ?? s.groupBy,
      having: patch.having ?? s.having,
      orderBy: patch.orderBy ?? s.orderBy,
      limit: patch.limit ?? s.limit,
      offset: patch.offset ?? s.offset,
      ctes: patch.ctes ?? s.ctes,
      key: keyed.key,
      keyValues: keyed.keyValues,
    })
  }

  /**
   * `#next` with the key of this step: `step` extends the key, appending the step's value
   * nodes, or returns undefined to leave the statement to the walk.
   */
  #keyed<N extends string = TNull, S extends string = TScope>(
    patch: Partial<SelectState>,
    step: (key: BuildKey, values: ValueNode[]) => BuildKey | undefined,
  ): Select<TItems, N, S> {
    return this.#next<N, S>(patch, keyStep(this.#state, step))
  }

  get items(): TItems {
    return this.#state.items as unknown as TItems
  }

  /** The FROM relations: explicit, or the first selected relation. */
  #fromRelations(): readonly AnyRelation[] {
    if (this.#state.from) return this.#state.from
    for (const item of this.#state.items) if (isRelation(item)) return onlyRelation(item)
    return NONE
  }

  get nullable(): ReadonlySet<string> {
    if (this.#state.joins.length === 0) return NO_NAMES
    const scope = this.#fromRelations().map((r) => r.$name)
    const nullable = new Set<string>()
    for (const j of this.#state.joins) {
      if (j.type === 'right' || j.type === 'full') for (const n of scope) nullable.add(n)
      if (j.type === 'left' || j.type === 'full') nullable.add(j.relation.$name)
      scope.push(j.relation.$name)
    }
    return nullable
  }

  /**
   * The tables (or other relations) to read; without it the first selected relation is used.
   *
   * @example select(users.id, count().as('n')).from(users).groupBy(users.id)
   */
  from<R extends readonly AnyRelation[]>(
    ...relations: R
  ): Select<TItems, TNull, R[number]['$name']> {
    if (relations.length === 0) throw new CompileError('from() needs at least one table.')
    for (const r of relations) checkRelation(r, 'from()')
    return this.#keyed({ from: [...relations] }, (key, values) =>
      itemsKey(key.step(FROM), relations, values),
    )
  }

  #join<N extends string, S extends string>(
    type: JoinType,
    relation: AnyRelation,
    on: Condition | undefined,
    fn: string,
  ): Select<TItems, N, S> {
    checkRelation(relation, `${fn}()`)
    if (type !== 'cross' && !on) {
      throw new CompileError(
        `${fn}(${relation.$name}, on) needs a join condition, e.g. eq(a.id, b.aId).`,
      )
    }
    const join: JoinState = on ? { type, relation, on: on.node } : { type, relation }
    return this.#keyed<N, S>({ joins: [...this.#state.joins, join] }, (key, values) => {
      const joined = itemsKey(key.step(JOIN).step(type), [relation], values)
      return on === undefined ? joined : exprKey(joined, on.node, values)
    })
  }

  /** Inner join. @example .innerJoin(posts, eq(posts.userId, users.id)) */
  innerJoin<R extends AnyRelation>(
    relation: R,
    on: Condition,
  ): Select<TItems, TNull, TScope | R['$name']> {
    return this.#join('inner', relation, on, 'innerJoin')
  }

  /** Inner join, like `innerJoin`. @example .join(posts, eq(posts.userId, users.id)) */
  join<R extends AnyRelation>(
    relation: R,
    on: Condition,
  ): Select<TItems, TNull, TScope | R['$name']> {
    return this.#join('inner', relation, on, 'join')
  }

  /**
   * Left outer join: the joined relation's entity becomes `Row | null`, its columns `T | null`.
   *
   * @example select(users, posts).leftJoin(posts, eq(posts.userId, users.id)) // [User, Post | null]
   */
  leftJoin<R extends AnyRelation>(
    relation: R,
    on: Condition,
  ): Select<TItems, TNull | R['$name'], TScope | R['$name']> {
    return this.#join('left', relation, on, 'leftJoin')
  }

  /**
   * Right outer join: everything joined before it becomes nullable.
   *
   * @example select(posts, users).rightJoin(users, eq(posts.userId, users.id)) // [Post | null, User]
   */
  rightJoin<R extends AnyRelation>(
    relation: R,
    on: Condition,
  ): Select<TItems, TNull | TScope, TScope | R['$name']> {
    return this.#join('right', relation, on, 'rightJoin')
  }

  /**
   * Full outer join: both sides become nullable.
   *
   * @example select(a, b).fullJoin(b, eq(a.key, b.key)) // [A | null, B | null]
   */
  fullJoin<R extends AnyRelation>(
    relation: R,
    on: Condition,
  ): Select<TItems, TNull | TScope | R['$name'], TScope | R['$name']> {
    return this.#join('full', relation, on, 'fullJoin')
  }

  /** Cartesian product. @example select(sizes, colors).crossJoin(colors) */
  crossJoin<R extends AnyRelation>(relation: R): Select<TItems, TNull, TScope | R['$name']> {
    return this.#join('cross', relation, undefined, 'crossJoin')
  }

  /**
   * Filters rows; called again, the conditions are combined with `and`. `undefined` adds nothing.
   *
   * @example select(users).where(eq(users.active, true)).where(like(users.email, '%@x.com'))
   */
  where(condition: Condition | undefined): Select<TItems, TNull, TScope> {
    if (condition === undefined) return this
    return this.#keyed({ where: andWhere(this.#state.where, condition) }, (key, values) =>
      exprKey(key.step(WHERE), condition.node, values),
    )
  }

  /** Groups rows for aggregates. @example select(posts.userId, count().as('n')).from(posts).groupBy(posts.userId) */
  groupBy(...exprs: Expression<unknown>[]): Select<TItems, TNull, TScope> {
    const nodes = exprs.map((e) => e.node)
    return this.#keyed({ groupBy: [...this.#state.groupBy, ...nodes] }, (key, values) =>
      listKey(key.step(GROUP_BY), nodes, values),
    )
  }

  /** Filters groups; combined with `and` when called again. @example .groupBy(posts.userId).having(gt(count(), 5)) */
  having(condition: Condition): Select<TItems, TNull, TScope> {
    return this.#keyed({ having: andWhere(this.#state.having, condition) }, (key, values) =>
      exprKey(key.step(HAVING), condition.node, values),
    )
  }

  /**
   * Orders rows; a bare expression sorts ascending.
   *
   * @example .orderBy(users.lastName, users.createdAt.desc('last'))
   */
  orderBy(...items: (OrderBy | Expression<unknown>)[]): Select<TItems, TNull, TScope> {
    const nodes = items.map(orderByNode)
    return this.#keyed({ orderBy: [...this.#state.orderBy, ...nodes] }, (key, values) =>
      listKey(key.step(ORDER_BY), nodes, values),
    )
  }

  /** At most `n` rows (bound as a parameter). @example .limit(10) */
  limit(n: RowCount): Select<TItems, TNull, TScope> {
    const limit = rowCountNode(n, 'limit')
    return this.#keyed({ limit }, (key, values) => exprKey(key.step(LIMIT), limit, values))
  }

  /** Skips `n` rows (bound as a parameter). @example .limit(10).offset(20) */
  offset(n: RowCount): Select<TItems, TNull, TScope> {
    const offset = rowCountNode(n, 'offset')
    return this.#keyed({ offset }, (key, values) => exprKey(key.step(OFFSET), offset, values))
  }

  /** Removes duplicate rows. @example select(users.country).from(users).distinct() */
  distinct(): Select<TItems, TNull, TScope> {
    return this.#keyed({ distinct: true }, (key) => key.step(DISTINCT))
  }

  /**
   * Puts CTEs in this statement's WITH clause. CTEs read in FROM or a join are added
   * without it; use `with` for a CTE only a subquery or condition reads.
   *
   * @example select(users).where(inList(users.id, select(top.id).from(top))).with(top)
   */
  with(...ctes: AnyRelation[]): Select<TItems, TNull, TScope> {
    const nodes = ctes.flatMap((c) => {
      if (!c.$cte)
        throw new CompileError(`with() takes relations made by cte(); "${c.$name}" is not one.`)
      return c.$cte
    })
    return this.#next({ ctes: [...this.#state.ctes, ...nodes] })
  }

  #build(): { node: SelectNode; shape: ResultShape } {
    if (this.#built) return this.#built
    const s = this.#state
    const from = this.#fromRelations()
    // Checked without building lists: a statement built per call pays for this every time.
    const count = from.length + s.joins.length
    for (let i = 1; i < count; i++) {
      const name = relationAt(from, s.joins, i).$name
      for (let j = 0; j < i; j++) {
        if (relationAt(from, s.joins, j).$name === name) {
          throw new CompileError(
            `"${name}" appears twice in FROM and joins. Give the second one another name with alias(${name}, 'other').`,
          )
        }
      }
    }
    for (const item of s.items) {
      if (isRelation(item) && inScope(from, s.joins, item.$name)) continue
      for (const { name, what } of qualifiersOf([item])) {
        if (inScope(from, s.joins, name)) continue
        if (from.length === 0) {
          throw new CompileError(
            `select() reads ${what} but has no FROM. Add .from(${name}) (FROM is only inferred from a selected table, not from a column).`,
          )
        }
        throw new CompileError(
          `select() reads ${what}, but "${name}" is neither in FROM nor joined. Add .innerJoin(${name}, on) or .leftJoin(${name}, on), or list it in .from(...).`,
        )
      }
    }
    const { nodes, shape } = selectList(s.items, this.nullable)
    const joins: readonly JoinNode[] =
      s.joins.length === 0
        ? NO_JOINS
        : s.joins.map((j) =>
            j.on
              ? { kind: 'Join', type: j.type, table: j.relation.$ref, on: j.on }
              : { kind: 'Join', type: j.type, table: j.relation.$ref },
          )
    let ctes: CteNode[] | undefined
    for (let i = 0; i < count; i++) {
      const r = relationAt(from, s.joins, i)
      if (r.$cte === undefined) continue
      if (ctes === undefined) ctes = [...s.ctes]
      ctes.push(...r.$cte)
    }
    const w = withNode(ctes ?? s.ctes)
    const node: { -readonly [K in keyof SelectNode]: SelectNode[K] } = {
      kind: 'Select',
      distinct: s.distinct,
      columns: nodes,
      from: from.length === 1 ? refOf(from[0]!) : from.map((r) => r.$ref),
      joins,
      groupBy: s.groupBy,
      orderBy: s.orderBy,
    }
    if (w) node.with = w
    if (s.where) node.where = s.where
    if (s.having) node.having = s.having
    if (s.limit) node.limit = s.limit
    if (s.offset) node.offset = s.offset
    this.#built = { node, shape }
    return this.#built
  }

  /** The statement tree; raises CompileError when a selected relation is not in FROM or a join. */
  toNode(): SelectNode {
    return this.#build().node
  }

  protected override get keyed(): Keyed {
    return this.#state
  }

  get shape(): ResultShape {
    return this.#build().shape
  }
}

/**
 * Starts a select. Items are tables (whole rows), columns and expressions (values), labelled
 * expressions (`expr.as('name')`) and bundles (nested objects); each is one element of the
 * result tuple. FROM defaults to the first selected table.
 *
 * @example
 * select(users).where(eq(users.id, 1))                             // [User]
 * select(users.id, count().as('n')).from(users).groupBy(users.id)  // [number, number]
 */
export function select<const TItems extends readonly SelectItem[]>(
  ...items: TItems
): Select<TItems, never, FirstRelationName<TItems>> {
  if (items.length === 0) throw new CompileError('select() needs at least one item.')
  checkItems(items, 'select()')
  const values: ValueNode[] = []
  const key = itemsKey(rootKey().step(SELECT), items, values)
  return new Select<TItems, never, FirstRelationName<TItems>>({
    // A rest parameter is always a fresh array that nothing else holds: it is kept as it is.
    items,
    distinct: false,
    from: undefined,
    joins: NONE,
    where: undefined,
    groupBy: NONE,
    having: undefined,
    orderBy: NONE,
    limit: undefined,
    offset: undefined,
    ctes: NONE,
    key,
    keyValues: key === undefined || values.length === 0 ? NO_KEY_VALUES : values,
  })
}
