import { checkRowCount, ROW_COUNT_TYPE } from '../codecs/integers.js'
import type { CompiledStatement, ParamSlot } from '../compile/compiled.js'
import type { Codec, Dialect } from '../dialect/dialect.js'
import { ParameterError } from '../errors/session-errors.js'

/** Values for a statement's `param()` placeholders, by name. */
export type Parameters = Readonly<Record<string, unknown>>

/**
 * Turns a compiled statement's parameter slots plus the caller's named values into the
 * values the driver binds, in placeholder order. The codec of every slot is chosen once per
 * layout (`BinderLayout`), so binding is one encode call per slot.
 */
export interface Binder {
  /** Number of values one binding produces. */
  readonly size: number
  /** The driver values for one parameter set. */
  bind(parameters: Parameters | undefined): unknown[]
  /** Writes one parameter set's values into `out` from `offset` (multi-row batches). */
  bindInto(out: unknown[], offset: number, parameters: Parameters | undefined): void
}

type Encode = (parameters: Parameters | undefined, slot: ParamSlot) => unknown

/*
 * An encoder reads a value slot's value from the slot it is given, not from the slot it was
 * made for: one binder layout then serves every statement compiled to the same SQL with the
 * same slot types, whatever values each carries (statements built per call).
 */
function slotEncoder(slot: ParamSlot, codec: Codec): Encode {
  if (slot.kind === 'value') {
    // A defaultFn value is made per binding, so each row of an executemany gets its own.
    if (slot.generate !== undefined) {
      return (_, s) => codec.encode((s as { generate: () => unknown }).generate())
    }
    return (_, s) => codec.encode((s as { value: unknown }).value)
  }
  const name = slot.name
  if (slot.type === ROW_COUNT_TYPE)
    return (parameters) => codec.encode(checkRowCount(parameters![name]))
  return (parameters) => codec.encode(parameters![name])
}

/**
 * The slot layout of a compiled statement with the codec of every slot chosen: made once per
 * SQL text and slot types, and turned into the binder of each statement of that layout.
 */
export interface BinderLayout {
  /** The binder of a statement whose slots have this layout (see `sameLayout`). */
  binderFor(slots: readonly ParamSlot[]): Binder
}

/**
 * Builds the binder layout of `compiled` on `dialect`. Refuses a statement with more values
 * than the driver accepts, because the server would fail with a protocol error instead.
 */
export function createBinderLayout(
  compiled: CompiledStatement,
  dialect: Dialect,
  maxParameters: number,
): BinderLayout {
  const slots = compiled.params
  if (slots.length > maxParameters) {
    throw new ParameterError(
      `The statement binds ${slots.length} values and the driver accepts at most ${maxParameters} per statement: split it, or insert the rows with executemany, execute(insert(t).values({ col: param('col') }), rows), which nakedsql batches under the limit.`,
    )
  }
  const encoders = slots.map((slot) => slotEncoder(slot, dialect.codec(slot.type)))
  const names = [...new Set(compiled.paramNames)]
  const n = encoders.length
  const check = parameterCheck(names)
  return {
    binderFor(own) {
      return {
        size: n,
        bind(parameters) {
          check(parameters)
          const out = new Array<unknown>(n)
          for (let i = 0; i < n; i++) out[i] = encoders[i]!(parameters, own[i]!)
          return out
        },
        bindInto(out, offset, parameters) {
          check(parameters)
          for (let i = 0; i < n; i++) out[offset + i] = encoders[i]!(parameters, own[i]!)
        },
      }
    },
  }
}

/**
 * Whether two statements compiled to the same SQL bind the same way: slot for slot the same
 * kind, codec type, parameter name and value generation.
 */
export function sameLayout(a: readonly ParamSlot[], b: readonly ParamSlot[]): boolean {
  const n = a.length
  if (n !== b.length) return false
  for (let i = 0; i < n; i++) {
    const x = a[i]!
    const y = b[i]!
    if (x.kind !== y.kind || x.type !== y.type) return false
    if (x.kind === 'named') {
      if (x.name !== (y as typeof x).name) return false
    } else if ((x.generate === undefined) !== ((y as typeof x).generate === undefined)) {
      return false
    }
  }
  return true
}

/**
 * A missing parameter must never become NULL and an extra one is usually a typo, so both
 * are errors that name the parameter.
 */
function parameterCheck(names: readonly string[]): (parameters: Parameters | undefined) => void {
  const expected = new Set(names)
  const count = names.length
  return (parameters) => {
    let given = 0
    if (parameters !== undefined && parameters !== null) {
      if (typeof parameters !== 'object' || Array.isArray(parameters)) {
        throw new ParameterError(
          `Statement parameters must be an object of named values (or an array of such objects for executemany), not ${Array.isArray(parameters) ? 'an array of arrays' : typeof parameters}.`,
        )
      }
      for (const key in parameters) {
        if (Object.hasOwn(parameters, key)) given++
      }
    }
    if (count === 0) {
      if (given > 0) throw extraError(Object.keys(parameters!), expected)
      return
    }
    for (let i = 0; i < count; i++) {
      const name = names[i]!
      // Own properties only: a parameter named `constructor` or `__proto__` that was left out
      // must not pick up what every object inherits.
      if (
        parameters == null ||
        !Object.hasOwn(parameters, name) ||
        parameters[name] === undefined
      ) {
        throw new ParameterError(
          `Missing value for parameter "${name}": pass it in execute(statement, { ${name}: ... }) (null writes NULL; undefined is never sent).`,
        )
      }
    }
    if (given > count) throw extraError(Object.keys(parameters!), expected)
  }
}

function extraError(keys: readonly string[], expected: ReadonlySet<string>): ParameterError {
  const extra = keys.filter((k) => !expected.has(k))
  const known =
    expected.size > 0 ? `it has ${[...expected].map((n) => `"${n}"`).join(', ')}` : 'it has none'
  return new ParameterError(
    `Unknown parameter${extra.length > 1 ? 's' : ''} ${extra.map((k) => `"${k}"`).join(', ')}: the statement has no param() placeholder of that name (${known}). Check the spelling.`,
  )
}
