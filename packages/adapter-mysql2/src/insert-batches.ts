/*
 * executemany of an INSERT becomes multi-row INSERTs: one round trip per batch instead of one
 * per row. A batch stops before it would pass the server's max_allowed_packet or the
 * protocol's 65,535 placeholders per statement.
 */

/** The protocol's limit on placeholders in one prepared statement. */
const MAX_PLACEHOLDERS = 65_535
/** Room for the packet header, statement id, null bitmap and the SQL-independent fields. */
const PACKET_OVERHEAD = 1024

/** An INSERT split around its VALUES tuples, so the tuple can be repeated any number of times. */
export interface InsertTemplate {
  readonly head: string
  readonly tuple: string
  readonly tail: string
  /** Placeholders in one tuple. */
  readonly width: number
}

const VALUES_TUPLES =
  /\bvalues\s*(\(\s*\?(?:\s*,\s*\?)*\s*\))((?:\s*,\s*\(\s*\?(?:\s*,\s*\?)*\s*\))*)/i
const TUPLE = /\(\s*\?(?:\s*,\s*\?)*\s*\)/g

function countPlaceholders(text: string): number {
  let count = 0
  for (let index = text.indexOf('?'); index !== -1; index = text.indexOf('?', index + 1)) count++
  return count
}

/**
 * Recognises `INSERT ... VALUES (?, ..., ?)[, (?, ..., ?) ...] [tail]` whose tuples are all
 * alike and hold every placeholder of the statement. Anything else (placeholders in an ON
 * DUPLICATE KEY clause, INSERT ... SELECT) is not split, because its parameters could not be
 * regrouped row by row.
 */
export function insertTemplate(sql: string): InsertTemplate | undefined {
  if (!/^\s*(?:insert|replace)\b/i.test(sql)) return undefined
  const match = VALUES_TUPLES.exec(sql)
  if (match === null) return undefined
  const tuple = match[1]!
  const more = match[2]!.match(TUPLE) ?? []
  const width = countPlaceholders(tuple)
  if (more.some((other) => countPlaceholders(other) !== width)) return undefined
  if (countPlaceholders(sql) !== width * (1 + more.length)) return undefined
  const tuplesStart = match.index + match[0].length - match[1]!.length - match[2]!.length
  return {
    head: sql.slice(0, tuplesStart),
    tuple,
    tail: sql.slice(match.index + match[0].length),
    width,
  }
}

/** Regroups a flat parameter list of a multi-row statement into one list per row. */
export function rowsOf(params: readonly unknown[], width: number): (readonly unknown[])[] {
  const rows: (readonly unknown[])[] = []
  for (let start = 0; start < params.length; start += width) {
    rows.push(params.slice(start, start + width))
  }
  return rows
}

/**
 * An upper bound of the bytes `params` take in one execute packet, so the common small
 * statement is waved through without splitting anything.
 */
export function exceedsPacket(params: readonly unknown[], maxAllowedPacket: number): boolean {
  let bytes = PACKET_OVERHEAD
  for (const value of params) bytes += encodedSize(value)
  return bytes > maxAllowedPacket
}

/** The SQL text for `rows` tuples. */
export function batchSql(template: InsertTemplate, rows: number): string {
  return (
    template.head + Array.from({ length: rows }, () => template.tuple).join(', ') + template.tail
  )
}

/** Bytes one value takes in a binary-protocol execute packet (type, length prefix, data). */
function encodedSize(value: unknown): number {
  if (value === null || value === undefined) return 2
  if (typeof value === 'string') return 2 + 9 + Buffer.byteLength(value)
  if (value instanceof Uint8Array) return 2 + 9 + value.byteLength
  if (typeof value === 'number') return 2 + 8
  if (typeof value === 'boolean') return 2 + 1
  if (value instanceof Date) return 2 + 12
  return 2 + 9 + Buffer.byteLength(String(value))
}

/**
 * Splits parameter sets into consecutive batches that each fit one packet. A single row
 * larger than the packet still gets a batch of its own: the server's error then names it.
 */
export function planBatches(
  template: InsertTemplate,
  paramSets: readonly (readonly unknown[])[],
  maxAllowedPacket: number,
): (readonly (readonly unknown[])[])[] {
  const budget = maxAllowedPacket - PACKET_OVERHEAD - template.head.length - template.tail.length
  const maxRows = Math.max(1, Math.floor(MAX_PLACEHOLDERS / Math.max(1, template.width)))
  const batches: (readonly (readonly unknown[])[])[] = []
  let batch: (readonly unknown[])[] = []
  let bytes = 0
  for (const params of paramSets) {
    let rowBytes = template.tuple.length + 2 + Math.ceil(params.length / 8)
    for (const value of params) rowBytes += encodedSize(value)
    if (batch.length > 0 && (batch.length >= maxRows || bytes + rowBytes > budget)) {
      batches.push(batch)
      batch = []
      bytes = 0
    }
    batch.push(params)
    bytes += rowBytes
  }
  if (batch.length > 0) batches.push(batch)
  return batches
}
