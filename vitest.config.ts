import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

// Three projects: pure shared code, client components (happy-dom) and the API (app.inject on PGlite,
// or on PostgreSQL when TEST_DATABASE_URL is set — `npm run test:pg`). End-to-end tests have their own config.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/shared/**/*.test.ts', 'test/server/**/*.unit.test.ts'], environment: 'node' } },
      {
        plugins: [vue()],
        test: { name: 'client', include: ['test/client/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        test: {
          name: 'api',
          include: ['test/server/**/*.test.ts'],
          exclude: ['test/server/**/*.unit.test.ts'],
          environment: 'node',
          globalSetup: ['test/support/global-db.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
})
