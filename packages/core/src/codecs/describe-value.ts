/** A short, safe rendering of a rejected value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined'
  if (typeof value === 'string') {
    return value.length > 40
      ? `string ${JSON.stringify(value.slice(0, 40))}...`
      : `string ${JSON.stringify(value)}`
  }
  if (typeof value === 'bigint') return `bigint ${value}n`
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`
  if (typeof value === 'function') return 'a function'
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date'
  if (Array.isArray(value)) return 'an array'
  if (value instanceof Uint8Array) return 'a Uint8Array'
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`
}
