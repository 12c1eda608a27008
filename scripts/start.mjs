#!/usr/bin/env node
// `npm start`: builds the PWA when dist/ is missing or older than its sources, then runs the server.
import { buildIfStale } from './build-if-stale.mjs'

try {
  buildIfStale()
}
catch (error) {
  console.error(error.message)
  process.exit(1)
}

const { register } = await import('tsx/esm/api')
register()
await import('../src/server/server.ts')
