import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

/** Checks a value for a `boolean` column. */
export function checkBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  return rejectValue('boolean', value, 'true or false')
}

/** Reads a boolean from PostgreSQL's `t`/`f`, MySQL's and SQLite's 1/0 (number or bigint). */
export function readBoolean(value: unknown): boolean {
  switch (value) {
    case true:
    case 1:
    case 1n:
    case 't':
    case 'true':
    case '1':
      return true
    case false:
    case 0:
    case 0n:
    case 'f':
    case 'false':
    case '0':
      return false
  }
  throw new UnreadableValueError(
    'boolean',
    `The database returned ${describeValue(value)} for a boolean column.`,
  )
}
