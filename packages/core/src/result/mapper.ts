import { nonNullDecoder } from '../codecs/define-codec.js'
import type { Codec, Dialect } from '../dialect/dialect.js'
import type { ColumnType } from '../schema/column-type.js'
import { generatedInstanceBuilder, generatedPlainBuilder } from './generated-builders.js'
import type { BundleShape, EntityShape, ItemShape, ResultShape, ValueShape } from './shape.js'

/*
 * Row mappers turn the driver's array rows into result tuples. One mapper is built per
 * (shape, dialect) and reused for every row of every execution: building walks the shape and
 * picks the codecs once; mapping a row is only array reads, decodes and property writes. The
 * objects of entities and bundles are built by functions compiled for their shape
 * (generated-builders.ts) where the runtime allows it, and by the closures below where not.
 */

type Raw = readonly unknown[]
type ReadItem = (row: Raw) => unknown

/** Maps one driver row; `first` maps only the first tuple element, for `scalars()`. */
export interface RowMapper {
  /** How many SQL columns one row must have. */
  readonly width: number
  /** The declared type of each SQL column, undefined where the shape keeps the driver's value. */
  readonly columnTypes: readonly (ColumnType | undefined)[]
  tuple(row: Raw): unknown[]
  first(row: Raw): unknown
}

const byDialect = new WeakMap<Dialect, WeakMap<ResultShape, RowMapper>>()
const untypedByDialect = new WeakMap<Dialect, Map<number, RowMapper>>()

/**
 * The mapper for `shape` on `dialect`, built on first use and cached by the shape object.
 *
 * @example
 * const rows = result.rows.map(rowMapper(compiled.shape!, sqlite).tuple)
 */
export function rowMapper(shape: ResultShape, dialect: Dialect): RowMapper {
  let cache = byDialect.get(dialect)
  if (cache === undefined) {
    cache = new WeakMap()
    byDialect.set(dialect, cache)
  }
  let mapper = cache.get(shape)
  if (mapper === undefined) {
    mapper = buildMapper(shape, dialect)
    cache.set(shape, mapper)
  }
  return mapper
}

/**
 * A mapper for rows of a statement without a shape (raw SQL): every column is one value,
 * decoded by the dialect's codec for values of unknown type.
 */
export function untypedRowMapper(width: number, dialect: Dialect): RowMapper {
  let cache = untypedByDialect.get(dialect)
  if (cache === undefined) {
    cache = new Map()
    untypedByDialect.set(dialect, cache)
  }
  let mapper = cache.get(width)
  if (mapper === undefined) {
    const value: ValueShape = { kind: 'value' }
    mapper = buildMapper(
      Array.from({ length: width }, () => value),
      dialect,
    )
    cache.set(width, mapper)
  }
  return mapper
}

function buildMapper(shape: ResultShape, dialect: Dialect): RowMapper {
  const readers: ReadItem[] = []
  let offset = 0
  for (const item of shape) {
    readers.push(itemReader(item, offset, dialect))
    offset += itemWidth(item)
  }
  const count = readers.length
  const first = readers[0] ?? (() => undefined)
  return {
    width: offset,
    columnTypes: columnTypesOf(shape),
    tuple(row) {
      const out = new Array<unknown>(count)
      for (let i = 0; i < count; i++) out[i] = readers[i]!(row)
      return out
    },
    first,
  }
}

function columnTypesOf(shape: ResultShape): readonly (ColumnType | undefined)[] {
  const types: (ColumnType | undefined)[] = []
  for (const item of shape) {
    switch (item.kind) {
      case 'entity':
        for (const [, def] of item.columns) types.push(def.type)
        break
      case 'value':
        types.push(item.type)
        break
      case 'bundle':
        for (const [, field] of item.fields) types.push(field.type)
        break
    }
  }
  return Object.freeze(types)
}

function itemWidth(item: ItemShape): number {
  switch (item.kind) {
    case 'entity':
      return item.columns.length
    case 'value':
      return 1
    case 'bundle':
      return item.fields.length
  }
}

function itemReader(item: ItemShape, offset: number, dialect: Dialect): ReadItem {
  switch (item.kind) {
    case 'entity':
      return entityReader(item, offset, dialect)
    case 'value':
      return valueReader(dialect.codec(item.type), offset)
    case 'bundle':
      return bundleReader(item, offset, dialect)
  }
}

function valueReader(codec: Codec, index: number): ReadItem {
  const decode = nonNullDecoder(codec)
  return (row) => {
    const v = row[index]
    return v === null || v === undefined ? null : decode(v)
  }
}

/** Writes one decoded column into the object being built. */
type Write = (target: object, row: Raw) => void

/**
 * The write of a name the prototype chain already has (`__proto__`, `constructor`, a class's
 * own getter of the same name): `defineProperty`, which cannot change the target's prototype
 * or call an inherited setter. Undefined for other names, which a plain assignment writes
 * (fast, one hidden class per shape).
 */
function guardedWriter(
  name: string,
  decode: (value: unknown) => unknown,
  index: number,
  proto: object,
): Write | undefined {
  if (name in proto) {
    return (target, row) => {
      const v = row[index]
      Object.defineProperty(target, name, {
        value: v === null || v === undefined ? null : decode(v),
        writable: true,
        enumerable: true,
        configurable: true,
      })
    }
  }
  return undefined
}

function plainWriter(name: string, decode: (value: unknown) => unknown, index: number): Write {
  return (target, row) => {
    const v = row[index]
    ;(target as Record<string, unknown>)[name] = v === null || v === undefined ? null : decode(v)
  }
}

function entityReader(item: EntityShape, offset: number, dialect: Dialect): ReadItem {
  const columns = item.columns.map(([property, def]) => [property, def.type] as const)
  const build = item.cls
    ? instanceBuilder(item.cls.prototype as object, columns, offset, dialect)
    : plainBuilder(columns, offset, dialect)
  if (!item.nullable) return build
  // On the nullable side of an outer join, a missing row is all NULL in its key columns.
  const key =
    item.primaryKey.length > 0
      ? item.primaryKey.map((i) => offset + i)
      : item.columns.map((_, i) => offset + i)
  return (row) => {
    for (const k of key) {
      if (row[k] !== null && row[k] !== undefined) return build(row)
    }
    return null
  }
}

type NamedColumn = readonly [name: string, type: Parameters<Dialect['codec']>[0]]

/**
 * Plain objects: generated where the runtime allows it, else a copy of a template that
 * already has every property, so each write replaces a value instead of adding a property
 * (no hidden-class transition per column), and every object of the shape gets the same
 * hidden class. The copy's properties are its own data properties, so even `__proto__` or
 * `constructor` is written as a value.
 */
function plainBuilder(columns: readonly NamedColumn[], offset: number, dialect: Dialect): ReadItem {
  const names = columns.map(([name]) => name)
  const decoders = columns.map(([, type]) => nonNullDecoder(dialect.codec(type)))
  const generated = generatedPlainBuilder(names, decoders, offset)
  if (generated !== undefined) return generated
  const template: Record<string, unknown> = {}
  for (const name of names) {
    Object.defineProperty(template, name, {
      value: null,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  }
  const n = names.length
  return (row) => {
    const target: Record<string, unknown> = { ...template }
    for (let i = 0; i < n; i++) {
      const v = row[offset + i]
      if (v !== null && v !== undefined) target[names[i]!] = decoders[i]!(v)
    }
    return target
  }
}

/** Class instances: `Object.create(prototype)` and one write per column, generated where allowed. */
function instanceBuilder(
  proto: object,
  columns: readonly NamedColumn[],
  offset: number,
  dialect: Dialect,
): ReadItem {
  const names = columns.map(([name]) => name)
  const decoders = columns.map(([, type]) => nonNullDecoder(dialect.codec(type)))
  const guarded = names.map((name, i) => guardedWriter(name, decoders[i]!, offset + i, proto))
  const generated = generatedInstanceBuilder(proto, names, decoders, guarded, offset)
  if (generated !== undefined) return generated
  const writes = names.map((name, i) => guarded[i] ?? plainWriter(name, decoders[i]!, offset + i))
  const n = writes.length
  return (row) => {
    const target = Object.create(proto) as object
    for (let i = 0; i < n; i++) writes[i]!(target, row)
    return target
  }
}

function bundleReader(item: BundleShape, offset: number, dialect: Dialect): ReadItem {
  return plainBuilder(
    item.fields.map(([name, field]) => [name, field.type] as const),
    offset,
    dialect,
  )
}
