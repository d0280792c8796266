import { UnreadableValueError } from '../errors/value-errors.js'
import { rejectValue } from './define-codec.js'
import { describeValue } from './describe-value.js'

const hasBuffer = typeof Buffer === 'function'

/**
 * Checks a value for a `blob` column and returns it as a Node Buffer view (no copy) where
 * Buffer exists, since some clients bind only Buffers as binary.
 */
export function checkBytes(value: unknown): Uint8Array {
  let bytes: Uint8Array
  if (value instanceof Uint8Array) bytes = value
  else if (value instanceof ArrayBuffer) bytes = new Uint8Array(value)
  else return rejectValue('blob', value, 'a Uint8Array (or Buffer)')
  return hasBuffer && !Buffer.isBuffer(bytes)
    ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes
}

const utf8 = new TextEncoder()

/**
 * Reads a `blob` column as a plain Uint8Array that owns its memory: a copy of a driver's
 * Buffer (which may share a larger pooled buffer), a view of a fresh ArrayBuffer.
 */
export function readBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value)
  if (value instanceof ArrayBuffer) return new Uint8Array(value)
  if (typeof value === 'string') return utf8.encode(value)
  throw new UnreadableValueError(
    'blob',
    `The database returned ${describeValue(value)} for a blob column.`,
  )
}

/**
 * Reads PostgreSQL's bytea text output: hex (`\x0102ff`, the default) or the older escape
 * format (`\001\\abc`).
 */
export function readByteaText(text: string): Uint8Array {
  if (text.startsWith('\\x')) {
    const hex = text.slice(2)
    if (hasBuffer) return new Uint8Array(Buffer.from(hex, 'hex'))
    const out = new Uint8Array(hex.length / 2)
    for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
    return out
  }
  const out: number[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out.push(text.charCodeAt(i))
    } else if (text[i + 1] === '\\') {
      out.push(92)
      i += 1
    } else {
      out.push(Number.parseInt(text.slice(i + 1, i + 4), 8))
      i += 3
    }
  }
  return Uint8Array.from(out)
}
