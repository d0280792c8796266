import type { Driver } from '@nakedsql/core'
import { expect } from 'vitest'

/**
 * What one driver connection reads back, on either path: integers as bigint, blobs as bytes in
 * the path's form (ArrayBuffer from @libsql/client, Buffer from the engine), text as text, and
 * text cut at an embedded NUL (a libSQL limitation, declared here).
 */
export async function expectRawValues(
  driver: Driver,
  blobForm: typeof ArrayBuffer | typeof Uint8Array,
) {
  const connection = await driver.acquire({ timeoutMs: 1000 })
  try {
    const result = await connection.execute('SELECT 9007199254740993 AS big, ? AS blob, ? AS t', [
      new Uint8Array([0, 255]),
      'café',
    ])
    expect(result.columns).toEqual(['big', 'blob', 't'])
    const [big, blob, text] = result.rows[0]!
    expect(big).toBe(9007199254740993n)
    expect(blob).toBeInstanceOf(blobForm)
    expect(new Uint8Array(blob as ArrayBuffer)).toEqual(new Uint8Array([0, 255]))
    expect(text).toBe('café')
    expect((await connection.execute('SELECT ?', ['a\u0000b'])).rows).toEqual([['a']])
  } finally {
    await driver.release(connection, { destroy: false })
  }
}
