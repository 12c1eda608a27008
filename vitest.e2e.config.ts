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
    // a page's work done in idle moments (a long document's body part by part, snapshots) can take seconds
    // on a loaded 2-core machine: every expect.poll waits up to 10 s, not vitest's 1 s
    expect: { poll: { timeout: 10_000 } },
    // one browser at a time on a 2-core machine; files share the one server
    fileParallelism: false,
  },
})
