import type { ValueTypes } from './protocol.js'

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Date) return 'Date'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return value.constructor?.name ?? 'object'
  return typeof value
}

/**
 * The types users of a contender get, read off one returned row (or pair): the report shows
 * them, so a library that leaves timestamps as strings is visible next to its time.
 */
export function describeValues(result: unknown): ValueTypes | undefined {
  const row = Array.isArray(result) ? result[0] : result
  if (row === null || typeof row !== 'object') return undefined
  const types: ValueTypes = {}
  const entries = Array.isArray(row)
    ? row.map((v, i) => [String(i), v] as const)
    : Object.entries(row)
  for (const [key, value] of entries) {
    if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
      for (const [inner, v] of Object.entries(value)) types[`${key}.${inner}`] = typeName(v)
    } else {
      types[key] = typeName(value)
    }
  }
  return types
}
