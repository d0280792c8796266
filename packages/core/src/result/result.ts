import { NoRowsError, TooManyRowsError } from '../errors/session-errors.js'
import type { RowMapper } from './mapper.js'

type Raw = readonly unknown[]

const EMPTY: readonly Raw[] = Object.freeze([])

/** The first element of a mapped tuple: `scalars()` of a result whose tuples are mapped. */
const firstOf = (tuple: Raw): unknown => tuple[0]

/**
 * Rows of one execution, mapped on first access and kept: `all()` returns the same array
 * every time, and `first()` maps only the first row. A driver that maps rows as it reads
 * them (`ExecuteOptions.mapRow`) hands over rows that are mapped already.
 */
abstract class MappedRows<T> implements Iterable<T> {
  /** Rows returned by a select or RETURNING; rows written by an insert, update or delete without it. */
  readonly rowCount: number
  #raw: readonly Raw[]
  /** Set whenever `#all` is not: rows mapped by the driver need no mapping. */
  readonly #map: ((row: Raw) => T) | undefined
  #all: T[] | undefined

  /** Whether nothing else reads the raw rows, so they may be replaced by their mapping. */
  readonly #owned: boolean

  /** `map` undefined: `rows` are mapped already (by the driver, with `mapRow`). */
  protected constructor(
    rows: readonly Raw[] | readonly T[],
    rowCount: number,
    map: ((row: Raw) => T) | undefined,
    owned: boolean,
  ) {
    this.rowCount = rowCount
    this.#owned = owned
    this.#map = map
    this.#raw = map === undefined ? EMPTY : (rows as readonly Raw[])
    this.#all = map === undefined ? (rows as T[]) : undefined
  }

  /** Every row. @example const users = (await s.scalars(select(users))).all() */
  all(): T[] {
    let all = this.#all
    if (all === undefined) {
      const raw = this.#raw
      const map = this.#map!
      if (this.#owned && !Object.isFrozen(raw)) {
        // Mapped in place: each raw row can be collected as soon as it is mapped, so a large
        // read never holds both forms whole.
        const rows = raw as unknown[]
        for (let i = 0; i < rows.length; i++) rows[i] = map(rows[i] as Raw)
        all = rows as T[]
        this.#raw = EMPTY
      } else {
        all = new Array<T>(raw.length)
        for (let i = 0; i < raw.length; i++) all[i] = map(raw[i]!)
      }
      this.#all = all
    }
    return all
  }

  /** The first row, or `null` when there is none. @example (await s.scalars(q)).first() */
  first(): T | null {
    if (this.#all !== undefined) return this.#all.length > 0 ? this.#all[0]! : null
    const row = this.#raw[0]
    return row === undefined ? null : this.#map!(row)
  }

  /**
   * The only row; `NoRowsError` when there is none, `TooManyRowsError` when there are more.
   *
   * @example
   * const user = (await s.scalars(select(users).where(eq(users.id, 1)))).one()
   */
  one(): T {
    const count = this.#count()
    if (count === 0) throw new NoRowsError()
    if (count > 1) throw new TooManyRowsError(count)
    return this.first()!
  }

  /** The only row or `null`; `TooManyRowsError` when there are several. @example (await s.scalars(q)).oneOrNull() */
  oneOrNull(): T | null {
    const count = this.#count()
    if (count > 1) throw new TooManyRowsError(count)
    return this.first()
  }

  #count(): number {
    return (this.#all ?? this.#raw).length
  }

  [Symbol.iterator](): Iterator<T> {
    return this.all()[Symbol.iterator]()
  }
}

/**
 * The first element of each result tuple: mapped entities for `select(users)`, values for
 * `select(users.id)`.
 *
 * @example
 * for (const user of await session.scalars(select(users))) console.log(user.email)
 */
export class ScalarResult<T> extends MappedRows<T> {
  /**
   * @internal Built by the session: `map` undefined when `rows` are mapped already; `owned`
   * when no other result reads `rows`.
   */
  constructor(
    rows: readonly Raw[] | readonly T[],
    rowCount: number,
    map: ((row: Raw) => T) | undefined,
    owned = false,
  ) {
    super(rows, rowCount, map, owned)
  }
}

/**
 * Whole result tuples: `[user, post]` for `select(users, posts)`.
 *
 * @example
 * for (const [user, post] of await session.tuples(select(users, posts).from(users).leftJoin(...))) {}
 */
export class TupleResult<TRow extends readonly unknown[]> extends MappedRows<TRow> {
  /** @internal Built by the session; `mapped` when `rows` are tuples already. */
  constructor(rows: readonly Raw[], rowCount: number, mapper: RowMapper, mapped: boolean) {
    super(
      rows,
      rowCount,
      mapped ? undefined : (mapper.tuple as unknown as (row: Raw) => TRow),
      false,
    )
  }
}

/**
 * What `session.execute` returns: result tuples, with `scalars()` and `tuples()` views.
 *
 * @example
 * const result = await session.execute(insert(users).values(rows))
 * result.rowCount // rows inserted
 */
export class Result<TRow extends readonly unknown[]> extends TupleResult<TRow> {
  /** The driver's rows: raw arrays, or tuples when the driver mapped them. */
  readonly #rows: readonly Raw[]
  readonly #first: (row: Raw) => TRow[0]

  /** @internal Built by the session; `mapped` when the driver mapped `rows` to tuples. */
  constructor(rows: readonly Raw[], rowCount: number, mapper: RowMapper, mapped: boolean) {
    super(rows, rowCount, mapper, mapped)
    this.#rows = rows
    this.#first = mapped ? firstOf : mapper.first
  }

  /** The first element of each tuple. @example (await s.execute(select(users))).scalars().all() */
  scalars(): ScalarResult<TRow[0]> {
    return new ScalarResult(this.#rows, this.rowCount, this.#first)
  }

  /**
   * @internal The scalars of a result nobody else sees (`session.scalars()` drops this
   * result at once): they may map the raw rows in place.
   */
  ownScalars(): ScalarResult<TRow[0]> {
    return new ScalarResult(this.#rows, this.rowCount, this.#first, true)
  }

  /** The tuples themselves (the same rows as this result). @example (await s.execute(q)).tuples().all() */
  tuples(): TupleResult<TRow> {
    return this
  }
}
