/*
 * Object builders compiled from source, one function per result shape: every property write
 * and decoder call then has its own site in the generated code, so V8 keeps each of them
 * monomorphic. The closure builders of mapper.ts write every column through one shared
 * keyed store, which sees every name of every shape and costs about four times as much per
 * row (measured: 100,000 eight-column rows mapped in 20 ms by closures, 4-5 ms generated).
 *
 * Names reach the source only as JSON string literals in property-key position, which no
 * string can escape; decoders, the prototype and guarded writers are passed in as values.
 * Where the runtime refuses to compile source (a CSP without 'unsafe-eval', Cloudflare
 * Workers, `node --disallow-code-generation-from-strings`), these return undefined and the
 * closure builders are used.
 */

type Raw = readonly unknown[]
type Decode = (value: unknown) => unknown
/** A write that must not be a plain assignment (see `guardedWriter` in mapper.ts). */
type GuardedWrite = (target: object, row: Raw) => void

const canGenerate: boolean = (() => {
  try {
    return new Function('return true')() === true
  } catch {
    return false
  }
})()

/** `(v = row[i]) === null || v === undefined ? null : dK(v)`, as source. */
function decoded(index: number, decoder: number): string {
  return `(v = row[${index}]) === null || v === undefined ? null : d${decoder}(v)`
}

/** A key of an object literal: `"__proto__": x` would set the prototype; computed, it does not. */
function literalKey(name: string): string {
  const quoted = JSON.stringify(name)
  return name === '__proto__' ? `[${quoted}]` : quoted
}

function compile<T>(parameters: readonly string[], body: string, args: readonly unknown[]): T {
  return new Function(...parameters, `"use strict";\n${body}`)(...args) as T
}

/**
 * A plain-object builder: one object literal with every column, `null` where the row has
 * NULL. Undefined where the runtime cannot compile source.
 */
export function generatedPlainBuilder(
  names: readonly string[],
  decoders: readonly Decode[],
  offset: number,
): ((row: Raw) => Record<string, unknown>) | undefined {
  if (!canGenerate) return undefined
  const fields = names.map((name, i) => `${literalKey(name)}: ${decoded(offset + i, i)}`)
  const parameters = decoders.map((_, i) => `d${i}`)
  return compile(
    parameters,
    `return function (row) { let v; return { ${fields.join(', ')} } }`,
    decoders,
  )
}

/**
 * A class-instance builder: `Object.create(proto)`, then one assignment per column; a name
 * the prototype chain has goes through its guarded write instead. Undefined where the
 * runtime cannot compile source.
 */
export function generatedInstanceBuilder(
  proto: object,
  names: readonly string[],
  decoders: readonly Decode[],
  guarded: readonly (GuardedWrite | undefined)[],
  offset: number,
): ((row: Raw) => object) | undefined {
  if (!canGenerate) return undefined
  const writes = names.map((name, i) =>
    guarded[i] === undefined
      ? `t[${JSON.stringify(name)}] = ${decoded(offset + i, i)};`
      : `w${i}(t, row);`,
  )
  const parameters = [
    'create',
    'proto',
    ...decoders.map((_, i) => `d${i}`),
    ...guarded.map((_, i) => `w${i}`),
  ]
  const body = `return function (row) { const t = create(proto); let v; ${writes.join(' ')} return t }`
  return compile(parameters, body, [Object.create, proto, ...decoders, ...guarded])
}
