/**
 * Whether an SQLite error is SQLITE_BUSY or one of its extended codes: by number where the
 * driver gives one (libSQL's `rawCode`, whose low byte is 5), else by name (better-sqlite3's
 * `code`).
 *
 * @example
 * isSqliteBusy({ code: 'SQLITE_BUSY', rawCode: 5 }) // true
 */
export function isSqliteBusy(error: unknown): boolean {
  const { code, rawCode } = (error ?? {}) as { code?: unknown; rawCode?: unknown }
  if (typeof rawCode === 'number') return (rawCode & 0xff) === 5
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY')
}
