/**
 * The database a local libSQL URL names, read as @libsql/client reads it: `:memory:`,
 * `file::memory:`, `file:relative/path.db`, `file:/absolute/path.db` or
 * `file:///absolute/path.db`, percent-encoded characters decoded. Undefined for a remote URL
 * (`libsql:`, `http(s):`, `ws(s):`), which stays with the client.
 */
export function localPath(
  url: string,
): { readonly path: string; readonly memory: boolean } | undefined {
  if (url === ':memory:') return { path: ':memory:', memory: true }
  const match = /^file:(?:\/\/([^/?#]*))?([^?#]*)(\?[^#]*)?(#.*)?$/isu.exec(url)
  if (match === null) return undefined
  const [, authority, encoded = '', query, fragment] = match
  if (authority !== undefined && authority !== '' && authority.toLowerCase() !== 'localhost') {
    throw urlError(
      url,
      `names the host ${JSON.stringify(authority)}; a local file URL has none: write file:/absolute/path.db or file:///absolute/path.db`,
    )
  }
  let path: string
  try {
    path = decodeURIComponent(encoded)
  } catch {
    throw urlError(url, 'has a % that does not start a percent-encoded character; write %25 for %')
  }
  if (path === ':memory:') {
    // SQLite reads the URI form itself, which keeps `?cache=shared` working.
    return { path: query === undefined ? ':memory:' : `file::memory:${query}`, memory: true }
  }
  if (query !== undefined || fragment !== undefined) {
    throw urlError(
      url,
      'has a query or fragment; a local file URL takes none: give settings as options',
    )
  }
  if (path === '') throw urlError(url, 'names no file: write file:path/to/app.db')
  return { path, memory: false }
}

function urlError(url: string, problem: string): TypeError {
  return new TypeError(`libsqlAdapter: the URL ${JSON.stringify(url)} ${problem}.`)
}
