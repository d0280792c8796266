import { longLived } from '../ast/long-lived.js'

/*
 * The result types that operators and functions give their expressions, made once and shared
 * (long-lived), so the compile-cache keys of statements that use them count them by identity
 * (statements/build-key.ts) instead of leaving those statements to the walk.
 */

export const INTEGER = longLived(Object.freeze({ kind: 'integer' } as const))
export const DECIMAL = longLived(Object.freeze({ kind: 'numeric' } as const))
/** Also the type of like patterns and concatenated parts. */
export const TEXT = longLived(Object.freeze({ kind: 'text' } as const))
