import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'example-http-service',
    include: ['test/**/*.test.ts'],
    // The tests start real servers and a child process, against real databases.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
