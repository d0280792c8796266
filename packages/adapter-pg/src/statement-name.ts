import { createHash } from 'node:crypto'

const names = new Map<string, string>()

/**
 * A prepared-statement name derived from the SQL text, so the same text gets the same name
 * on every connection and two texts practically never share one (pg refuses a name reused
 * for different text). Memoised because hashing on every call would cost more than it saves.
 */
export function statementName(sql: string): string {
  let name = names.get(sql)
  if (name === undefined) {
    name = `nakedsql_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`
    names.set(sql, name)
  }
  return name
}
