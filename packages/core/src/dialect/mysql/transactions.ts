import type { TransactionOptions } from '../dialect.js'

const PLAIN: readonly string[] = Object.freeze(['START TRANSACTION'])
const NONE: readonly string[] = Object.freeze([])

/**
 * `SET TRANSACTION` without SESSION applies to the next transaction only, so the level does
 * not stick to the pooled connection.
 */
export function mysqlBeginSql(options: TransactionOptions): readonly string[] {
  const start = options.readOnly === true ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION'
  if (options.isolationLevel === undefined) return options.readOnly === true ? [start] : PLAIN
  return [`SET TRANSACTION ISOLATION LEVEL ${options.isolationLevel.toUpperCase()}`, start]
}

export function mysqlTransactionEndSql(): readonly string[] {
  return NONE
}

export function quoteMysqlName(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``
}
