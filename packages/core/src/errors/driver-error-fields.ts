/*
 * Reading fields off an unknown driver error. Drivers attach them to Error objects
 * without shared types, so each read is checked.
 */

/** A string property of an unknown error, or undefined. */
export function stringField(error: unknown, name: string): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const v = (error as Record<string, unknown>)[name]
  return typeof v === 'string' && v !== '' ? v : undefined
}

/** A number property of an unknown error, or undefined. */
export function numberField(error: unknown, name: string): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined
  const v = (error as Record<string, unknown>)[name]
  return typeof v === 'number' ? v : undefined
}

/** The message of an unknown thrown value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message
  return stringField(error, 'message') ?? String(error)
}

/** Socket-level error codes Node reports when a connection breaks or cannot be made. */
export const SOCKET_ERROR_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_SOCKET_CLOSED',
  'ERR_STREAM_DESTROYED',
])
