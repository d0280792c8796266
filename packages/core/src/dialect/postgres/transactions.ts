import type { TransactionOptions } from '../dialect.js'

const PLAIN: readonly string[] = Object.freeze(['BEGIN'])
const NONE: readonly string[] = Object.freeze([])

/** One BEGIN carrying the isolation level and access mode, so no setting outlives it. */
export function postgresBeginSql(options: TransactionOptions): readonly string[] {
  const modes: string[] = []
  if (options.isolationLevel !== undefined) {
    modes.push(`ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`)
  }
  if (options.readOnly === true) modes.push('READ ONLY')
  return modes.length === 0 ? PLAIN : [`BEGIN ${modes.join(', ')}`]
}

export function postgresTransactionEndSql(): readonly string[] {
  return NONE
}

export function quotePostgresName(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}
