// Bytes: the resident entry and every route, from the built dist/, measured by scripts/sizes.mjs (the same
// code `npm run build` checks its budgets with). A route's files are read from the entry's own preload map
// (`__vite__mapDeps`): for each lazy route, the route chunk and every chunk and stylesheet it needs.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface Bytes { raw: number, gzip: number, brotli: number }
interface Chunk extends Bytes { file: string }
interface DistSizes { entryJs: Bytes, entryCss: Bytes, entryFiles: string[], chunks: Chunk[], adminInEntry: boolean }
interface SizesModule {
  BUDGETS: { entryJsGzip: number, entryCssGzip: number, chunkJsGzip: number }
  measureDist: (dist?: string) => DistSizes
  brokenBudgets: (sizes: DistSizes) => string[]
}

export interface RouteSizes {
  /** the route component's chunk name, e.g. HomePage */
  name: string
  staff: boolean
  /** the route's own chunk, gzip: the per-chunk budget applies to it */
  chunkGzip: number
  /** everything the route adds to the entry, JS and CSS */
  js: Bytes
  css: Bytes
  files: string[]
}

export interface SizesResult {
  budgets: SizesModule['BUDGETS']
  entryJs: Bytes
  entryCss: Bytes
  entryFiles: string[]
  /** the entry plus the home route: everything the home page loads before it is interactive */
  homeJs: Bytes
  homeCss: Bytes
  routes: RouteSizes[]
  largestChunk: { file: string, gzip: number }
  broken: string[]
  /** staff files a resident could download: in the entry, in a resident route, or precached by the service worker */
  staffInEntry: boolean
  staffInResidentRoutes: string[]
  staffPrecached: Array<{ file: string, gzip: number }>
  /** what the service worker precaches on a first visit */
  precache: { files: number, raw: number, gzip: number }
}

const STAFF = /admin|staff/i
const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli })
const zero: Bytes = { raw: 0, gzip: 0, brotli: 0 }
const baseName = (file: string) => file.replace(/^assets\//, '').replace(/-[\w-]{8}\.(?:js|css)$/, '')

export async function measureSizes(dist = 'dist'): Promise<SizesResult> {
  const modulePath = '../../scripts/sizes.mjs'
  const sizesModule = await import(modulePath) as SizesModule
  const sizes = sizesModule.measureDist(dist)
  const byFile = new Map(sizes.chunks.map(c => [c.file, c]))
  const entryJsFile = sizes.entryFiles.find(f => f.endsWith('.js') && /\/index-/.test(f)) ?? sizes.entryFiles.find(f => f.endsWith('.js'))!
  const entrySource = readFileSync(join(dist, entryJsFile), 'utf8')
  const table = /m\.f=\[([^\]]*)\]/.exec(entrySource)?.[1]
  const depFiles = table ? [...table.matchAll(/"([^"]+)"/g)].map(m => m[1]!) : []
  const groups = [...entrySource.matchAll(/__vite__mapDeps\(\[([\d,]+)\]\)/g)].map(m => m[1]!.split(',').map(i => depFiles[Number(i)]!))
  const seen = new Set<string>()
  const routes: RouteSizes[] = []
  for (const files of groups) {
    const key = files.join(',')
    if (seen.has(key) || files.length === 0)
      continue
    seen.add(key)
    const extra = files.filter(f => !sizes.entryFiles.includes(f)).map(f => byFile.get(f)).filter((c): c is Chunk => c !== undefined)
    routes.push({
      name: baseName(files[0]!),
      staff: STAFF.test(files[0]!),
      chunkGzip: byFile.get(files[0]!)?.gzip ?? 0,
      js: extra.filter(c => c.file.endsWith('.js')).reduce(add, zero),
      css: extra.filter(c => c.file.endsWith('.css')).reduce(add, zero),
      files: extra.map(c => c.file),
    })
  }
  const home = routes.find(r => r.name === 'HomePage')
  const jsChunks = sizes.chunks.filter(c => c.file.endsWith('.js'))
  const largest = jsChunks.reduce((a, b) => (b.gzip > a.gzip ? b : a), { file: '', gzip: 0, raw: 0, brotli: 0 })

  const residentFiles = new Set([...sizes.entryFiles, ...routes.filter(r => !r.staff).flatMap(r => r.files)])
  const staffOnly = new Set(routes.filter(r => r.staff).flatMap(r => r.files).filter(f => !residentFiles.has(f)))

  // the service worker's precache list: what every resident downloads on a first visit
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8')
  const precached = [...sw.matchAll(/"url":"([^"]+)"/g)].map(m => m[1]!)
  const precachedChunks = precached.map(f => byFile.get(f)).filter((c): c is Chunk => c !== undefined)
  const precacheBytes = precached.map(f => measureFile(join(dist, f))).reduce(add, zero)

  return {
    budgets: sizesModule.BUDGETS,
    entryJs: sizes.entryJs,
    entryCss: sizes.entryCss,
    entryFiles: sizes.entryFiles,
    homeJs: add(sizes.entryJs, home?.js ?? zero),
    homeCss: add(sizes.entryCss, home?.css ?? zero),
    routes,
    largestChunk: { file: largest.file, gzip: largest.gzip },
    broken: sizesModule.brokenBudgets(sizes),
    staffInEntry: sizes.adminInEntry || sizes.entryFiles.some(f => STAFF.test(f)),
    staffInResidentRoutes: [...new Set(routes.filter(r => !r.staff).flatMap(r => r.files.filter(f => STAFF.test(f))))],
    // staff by name, or by use: a chunk only staff routes load, whatever its name (a module renamed out of
    // vite.config.ts's STAFF_NAME would otherwise slip into every resident's precache unseen)
    staffPrecached: precachedChunks.filter(c => STAFF.test(c.file) || staffOnly.has(c.file)).map(c => ({ file: c.file, gzip: c.gzip })),
    precache: { files: precached.length, raw: precacheBytes.raw, gzip: precacheBytes.gzip },
  }
}

function measureFile(path: string): Bytes {
  if (!existsSync(path))
    return zero
  const bytes = readFileSync(path)
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: 0 }
}
