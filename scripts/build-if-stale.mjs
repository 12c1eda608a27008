// Builds the PWA when dist/ is missing or older than its sources. Used by `npm start` and the e2e tests.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
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

const LOCK = join(tmpdir(), `gongkai-build-${Buffer.from(process.cwd()).toString('hex').slice(-24)}.lock`)

/** One build (or snapshot) at a time per checkout: parallel test runs must not read a half-written dist/. */
function withBuildLock(fn) {
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      mkdirSync(LOCK)
      break
    }
    catch (error) {
      if (error.code !== 'EEXIST')
        throw error
      // a lock older than ten minutes was left by a killed build
      if (Date.now() - statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs > 10 * 60_000)
        rmSync(LOCK, { recursive: true, force: true })
      if (Date.now() > deadline)
        throw new Error(`waited ten minutes for the build lock ${LOCK}`)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250)
    }
  }
  try {
    return fn()
  }
  finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

/** Builds if stale, then copies dist/ to a new temporary folder the caller owns (e2e runs serve their own copy). */
export function snapshotDist({ quiet = false } = {}) {
  return withBuildLock(() => {
    buildUnlocked(quiet)
    const dir = mkdtempSync(join(tmpdir(), 'gongkai-dist-'))
    cpSync('dist', dir, { recursive: true })
    return dir
  })
}

/** Returns true when it built. Throws when the build fails. */
export function buildIfStale({ quiet = false } = {}) {
  return withBuildLock(() => buildUnlocked(quiet))
}

function buildUnlocked(quiet) {
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
