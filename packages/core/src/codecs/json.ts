import { InvalidValueError, UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

/**
 * Serialises a value for a `json` column. Every driver mangles an object or array bound as
 * a parameter in its own way, so json always travels as text.
 */
export function encodeJson(value: unknown): string {
  if (typeof value === 'function' || typeof value === 'symbol') {
    return rejectValue(
      'json',
      value,
      'a JSON-serialisable value (object, array, string, number, boolean)',
    )
  }
  let text: string | undefined
  try {
    text = JSON.stringify(value)
  } catch (cause) {
    throw new InvalidValueError(
      'json',
      `Cannot write ${describeValue(value)} to a json column: JSON.stringify failed (${(cause as Error).message}). Convert bigints to strings and remove cycles.`,
      { cause },
    )
  }
  if (text === undefined) return rejectValue('json', value, 'a JSON-serialisable value')
  return text
}

const utf8 = new TextDecoder()

/** Parses a `json` column from the text a driver returns; an already-parsed value passes. */
export function decodeJson(value: unknown): unknown {
  const text =
    typeof value === 'string' ? value : value instanceof Uint8Array ? utf8.decode(value) : undefined
  if (text === undefined) return value
  try {
    return JSON.parse(text)
  } catch (cause) {
    throw new UnreadableValueError(
      'json',
      `The database returned text that is not JSON for a json column: ${describeValue(text)}.`,
      {
        cause,
      },
    )
  }
}
