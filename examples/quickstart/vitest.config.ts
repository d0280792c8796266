import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'example-quickstart',
    include: ['test/**/*.test.ts'],
    // The demo runs against PostgreSQL and MariaDB over the network.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
