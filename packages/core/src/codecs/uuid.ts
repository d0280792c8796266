import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Checks a value for a `uuid` column and lowercases it, so text storage compares equal. */
export function checkUuid(value: unknown): string {
  if (typeof value === 'string' && UUID.test(value)) return value.toLowerCase()
  return rejectValue('uuid', value, "a UUID string such as '0b7e8c1a-3f5d-4a9e-8c2b-1d4e5f6a7b8c'")
}

/** Reads a UUID as lowercase text, also from 16 bytes (BINARY(16) storage). */
export function readUuid(value: unknown): string {
  if (typeof value === 'string') return value.toLowerCase()
  if (value instanceof Uint8Array && value.length === 16) {
    const hex = Array.from(value, (b) => b.toString(16).padStart(2, '0')).join('')
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
  }
  throw new UnreadableValueError(
    'uuid',
    `The database returned ${describeValue(value)} for a uuid column.`,
  )
}
