/**
 * Every package's test project. The root vitest.config.ts imports this list, because
 * vitest 4 no longer discovers a workspace file by itself.
 */
export default [
  'packages/core',
  'packages/embedded-sqlite',
  'packages/adapter-better-sqlite3',
  'packages/adapter-pg',
  'packages/adapter-mysql2',
  'packages/adapter-libsql',
  'packages/hostile-tests',
  'packages/fault-tests',
  'examples/quickstart',
  'examples/http-service',
  'bench',
]
