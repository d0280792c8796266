import { defineProject } from 'vitest/config'

export default defineProject({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    name: 'contract-tests',
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
  },
})
