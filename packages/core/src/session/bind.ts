import { checkRowCount, ROW_COUNT_TYPE } from '../codecs/integers.js'
import type { CompiledStatement, ParamSlot } from '../compile/compiled.js'
import type { Codec, Dialect } from '../dialect/dialect.js'
import { ParameterError } from '../errors/session-errors.js'

/** Values for a statement's `param()` placeholders, by name. */
export type Parameters = Readonly<Record<string, unknown>>

/**
 * Turns the caller's named values and a statement's own bound values into the values the
 * driver binds, in placeholder order. Made once per compiled statement shape, with the codec
 * of every slot chosen, and shared by every statement of that shape: each brings its own
 * values (in the order the shape index found them), so binding is one encode call per slot.
 */
export interface Binder {
  /** Number of values one binding produces. */
  readonly size: number
  /** The driver values for one parameter set. */
  bind(parameters: Parameters | undefined, values: readonly unknown[]): unknown[]
  /** Writes one parameter set's values into `out` from `offset` (multi-row batches). */
  bindInto(
    out: unknown[],
    offset: number,
    parameters: Parameters | undefined,
    values: readonly unknown[],
  ): void
}

type Encode = (parameters: Parameters | undefined, values: readonly unknown[]) => unknown

/** `source` is where the slot's value is in a statement's values; unused for `param()`. */
function slotEncoder(slot: ParamSlot, source: number, codec: Codec): Encode {
  if (slot.kind === 'value') {
    // A defaultFn value is made per binding, so each row of an executemany gets its own.
    if (slot.generate !== undefined) {
      return (_, values) => codec.encode((values[source] as () => unknown)())
    }
    return (_, values) => codec.encode(values[source])
  }
  const name = slot.name
  if (slot.type === ROW_COUNT_TYPE)
    return (parameters) => codec.encode(checkRowCount(parameters![name]))
  return (parameters) => codec.encode(parameters![name])
}

/**
 * The binder of `compiled` on `dialect`; `sources[i]` is the position of value slot `i` in
 * the values each statement brings. Refuses a statement with more values than the driver
 * accepts, because the server would fail with a protocol error instead.
 */
export function createBinder(
  compiled: CompiledStatement,
  sources: readonly number[],
  dialect: Dialect,
  maxParameters: number,
): Binder {
  const slots = compiled.params
  if (slots.length > maxParameters) {
    throw new ParameterError(
      `The statement binds ${slots.length} values and the driver accepts at most ${maxParameters} per statement: split it, or insert the rows with executemany, execute(insert(t).values({ col: param('col') }), rows), which nakedsql batches under the limit.`,
    )
  }
  const encoders = slots.map((slot, i) => slotEncoder(slot, sources[i]!, dialect.codec(slot.type)))
  const check = parameterCheck([...new Set(compiled.paramNames)])
  const n = encoders.length
  return {
    size: n,
    bind(parameters, values) {
      check(parameters)
      const out = new Array<unknown>(n)
      for (let i = 0; i < n; i++) out[i] = encoders[i]!(parameters, values)
      return out
    },
    bindInto(out, offset, parameters, values) {
      check(parameters)
      for (let i = 0; i < n; i++) out[offset + i] = encoders[i]!(parameters, values)
    },
  }
}

/**
 * A compiled statement's own values in slot order, with the sources that read them: the
 * binding of a statement compiled on its own rather than found by shape.
 */
export function ownValues(compiled: CompiledStatement): {
  readonly values: unknown[]
  readonly sources: number[]
} {
  const values = compiled.params.map((slot) =>
    slot.kind === 'value' ? (slot.generate ?? slot.value) : undefined,
  )
  return { values, sources: values.map((_, i) => i) }
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
