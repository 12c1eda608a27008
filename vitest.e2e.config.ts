import { defineConfig } from 'vitest/config'

// End-to-end flows in Debian's headless Chromium against the real built app and server.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['test/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    globalSetup: ['test/e2e/support/global-server.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // one browser at a time on a 2-core machine; files share the one server
    fileParallelism: false,
  },
})
