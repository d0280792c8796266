import { checkRowCount, ROW_COUNT_TYPE } from '../codecs/integers.js'
import type { CompiledStatement, ParamSlot } from '../compile/compiled.js'
import type { Codec, Dialect } from '../dialect/dialect.js'
import { ParameterError } from '../errors/session-errors.js'

/** Values for a statement's `param()` placeholders, by name. */
export type Parameters = Readonly<Record<string, unknown>>

/**
 * Turns a compiled statement's parameter slots plus the caller's named values into the
 * values the driver binds, in placeholder order. Built once per compiled statement: the
 * codec of every slot is chosen here, so binding is one encode call per slot.
 */
export interface Binder {
  /** Number of values one binding produces. */
  readonly size: number
  /** The driver values for one parameter set. */
  bind(parameters: Parameters | undefined): unknown[]
  /** Writes one parameter set's values into `out` from `offset` (multi-row batches). */
  bindInto(out: unknown[], offset: number, parameters: Parameters | undefined): void
}

type Encode = (parameters: Parameters | undefined) => unknown

function slotEncoder(slot: ParamSlot, codec: Codec): Encode {
  if (slot.kind === 'value') {
    // A defaultFn value is made per binding, so each row of an executemany gets its own.
    const generate = slot.generate
    if (generate !== undefined) return () => codec.encode(generate())
    const value = slot.value
    return () => codec.encode(value)
  }
  const name = slot.name
  if (slot.type === ROW_COUNT_TYPE)
    return (parameters) => codec.encode(checkRowCount(parameters![name]))
  return (parameters) => codec.encode(parameters![name])
}

/**
 * Builds the binder of `compiled` on `dialect`. Refuses a statement with more values than
 * the driver accepts, because the server would fail with a protocol error instead.
 */
export function createBinder(
  compiled: CompiledStatement,
  dialect: Dialect,
  maxParameters: number,
): Binder {
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
    size: n,
    bind(parameters) {
      check(parameters)
      const out = new Array<unknown>(n)
      for (let i = 0; i < n; i++) out[i] = encoders[i]!(parameters)
      return out
    },
    bindInto(out, offset, parameters) {
      check(parameters)
      for (let i = 0; i < n; i++) out[offset + i] = encoders[i]!(parameters)
    },
  }
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
