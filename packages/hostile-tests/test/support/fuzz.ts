import fc from 'fast-check'

/**
 * Cases per property per database. `pnpm test` runs a few hundred so the whole suite stays
 * fast; `pnpm fuzz` sets NAKEDSQL_FUZZ_RUNS=10000.
 */
export const RUNS = Number(process.env.NAKEDSQL_FUZZ_RUNS ?? 150)

/**
 * A fixed seed by default, so `pnpm test` is reproducible; NAKEDSQL_FUZZ_SEED replays a
 * failure (fast-check prints the seed and path of every counterexample), and `pnpm fuzz`
 * without it draws a new seed each run.
 */
const SEED = process.env.NAKEDSQL_FUZZ_SEED
  ? Number(process.env.NAKEDSQL_FUZZ_SEED)
  : process.env.NAKEDSQL_FUZZ_RUNS
    ? Date.now() % 2 ** 31
    : 20_240_607

/** Parameters for `fc.assert`: run count, seed, no per-case time limit. */
export function fuzz(runs = RUNS): fc.Parameters<unknown> {
  return { numRuns: runs, seed: SEED, endOnFailure: true }
}

/** Time a test may take: generous per case, because every case is a round trip. */
export function timeoutFor(runs = RUNS, msPerCase = 60): number {
  return 60_000 + runs * msPerCase
}

/** Strings of any code points, lone surrogates included (fast-check's `string` is BMP-safe). */
export const anyText = fc.string({ unit: 'binary', maxLength: 40 })

/** Characters that mean something to SQL, to drivers or to LIKE. */
const hostileChars = [
  "'",
  '"',
  '`',
  '\\',
  '\\\\',
  "\\'",
  '?',
  '??',
  '$1',
  '$2',
  ':name',
  '@name',
  '$name',
  '%',
  '_',
  ';',
  '--',
  '/*',
  '*/',
  '\n',
  '\r',
  '\t',
  ' ',
  '.',
  'é',
  '𝄞',
  '😀',
  '\u{10FFFF}',
  '\u2028',
  '\uFEFF',
  "' OR '1'='1",
  '" OR ""="',
  '\\x00',
  '\u00a0',
]

/** Strings built mostly from SQL-significant characters, valid UTF-16 (no lone surrogates). */
export const hostileText = fc
  .array(
    fc.oneof(fc.constantFrom(...hostileChars), fc.string({ unit: 'grapheme', maxLength: 3 })),
    {
      maxLength: 12,
    },
  )
  .map((parts) => parts.join(''))

/** Hostile text, NUL and lone surrogates included: values some databases cannot store. */
export const anyHostileText = fc.oneof(
  hostileText,
  anyText,
  fc
    .tuple(hostileText, fc.constantFrom('\0', '\uD800', '\uDFFF', '\uDBFF\uDBFF'), hostileText)
    .map(([a, b, c]) => a + b + c),
)

/** Whether a string holds a lone UTF-16 surrogate. */
export function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDFFF]/u.test(s)
}

/** JavaScript values that are not one bindable scalar. */
export const nonScalar = fc.oneof(
  fc.constant(undefined),
  fc.constant(Number.NaN),
  fc.constant(Number.POSITIVE_INFINITY),
  fc.constant(Number.NEGATIVE_INFINITY),
  fc.constant(new Date(Number.NaN)),
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  fc.constant({ toString: () => "1' OR '1'='1" }),
  fc.constant({ valueOf: () => 1 }),
  fc.constant(Object.create(null) as object),
  fc.constant(new Map([['a', 1]])),
  fc.constant(/regex/),
  fc.constant(Promise.resolve(1)),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 0 }),
  fc.array(fc.oneof(fc.integer(), fc.string()), { maxLength: 4 }),
  fc.constant({ node: { kind: 'RawText', text: '1 = 1' } }),
  fc.constant({ sql: '1 = 1' }),
)
