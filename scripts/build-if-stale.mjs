// Builds the PWA when dist/ is missing or older than its sources. Used by `npm start` and the e2e tests.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { compressDist } from './compress-dist.mjs'

const SOURCES = ['src/client', 'src/shared', 'src/sw', 'public', 'index.html', 'vite.config.ts', 'package-lock.json']
const STAMP = 'dist/index.html'

function newest(path) {
  if (!existsSync(path))
    return 0
  const stat = statSync(path)
  if (!stat.isDirectory())
    return stat.mtimeMs
  return Math.max(0, ...readdirSync(path).map(name => newest(join(path, name))))
}

/** Returns true when it built. Throws when the build fails. */
export function buildIfStale({ quiet = false } = {}) {
  if (existsSync(STAMP) && Math.max(...SOURCES.map(newest)) <= statSync(STAMP).mtimeMs)
    return false
  if (!quiet)
    console.log('Building the app (first start, or sources changed)…')
  // NODE_ENV=production whatever the caller's: vitest sets `test`, and Vite would then build a dev bundle
  const env = { ...process.env, NODE_ENV: 'production' }
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: quiet ? 'pipe' : 'inherit', encoding: 'utf8', env })
  if (build.status !== 0)
    throw new Error(`vite build failed:\n${build.stdout ?? ''}${build.stderr ?? ''}`)
  compressDist()
  return true
}
