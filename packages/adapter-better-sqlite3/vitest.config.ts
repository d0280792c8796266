import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'adapter-better-sqlite3',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
})
