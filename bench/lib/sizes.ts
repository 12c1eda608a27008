// Bytes: the resident entry and every route, from the built dist/, measured by scripts/sizes.mjs (the same
// code `npm run build` checks its budgets with, staff code among a resident's downloads included). A route's
// files are the entry's own preload map's (`__vite__mapDeps`): the route chunk and every chunk and stylesheet it needs.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

export interface Bytes { raw: number, gzip: number, brotli: number }
interface Chunk extends Bytes { file: string }
interface DistSizes {
  entryJs: Bytes
  entryCss: Bytes
  entryFiles: string[]
  chunks: Chunk[]
  /** each lazy route's files, its own chunk first */
  routes: string[][]
  /** the service worker's precache list */
  precached: string[]
  /** staff files a resident could download (by name, or loaded by staff routes only) */
  staff: { inEntry: string[], inResidentRoutes: string[], precached: string[] }
}
interface SizesModule {
  BUDGETS: { entryJsGzip: number, entryCssGzip: number, chunkJsGzip: number }
  measureDist: (dist?: string) => DistSizes
  brokenBudgets: (sizes: DistSizes) => string[]
  /** staff code by its file name */
  isStaffFile: (file: string) => boolean
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

const add = (a: Bytes, b: Bytes): Bytes => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli })
const zero: Bytes = { raw: 0, gzip: 0, brotli: 0 }
const baseName = (file: string) => file.replace(/^assets\//, '').replace(/-[\w-]{8}\.(?:js|css)$/, '')

export async function measureSizes(dist = 'dist'): Promise<SizesResult> {
  const modulePath = '../../scripts/sizes.mjs'
  const sizesModule = await import(modulePath) as SizesModule
  const sizes = sizesModule.measureDist(dist)
  const byFile = new Map(sizes.chunks.map(c => [c.file, c]))
  const routes: RouteSizes[] = sizes.routes.map((files) => {
    const extra = files.filter(f => !sizes.entryFiles.includes(f)).map(f => byFile.get(f)).filter((c): c is Chunk => c !== undefined)
    return {
      name: baseName(files[0]!),
      staff: sizesModule.isStaffFile(files[0]!),
      chunkGzip: byFile.get(files[0]!)?.gzip ?? 0,
      js: extra.filter(c => c.file.endsWith('.js')).reduce(add, zero),
      css: extra.filter(c => c.file.endsWith('.css')).reduce(add, zero),
      files: extra.map(c => c.file),
    }
  })
  const home = routes.find(r => r.name === 'HomePage')
  const jsChunks = sizes.chunks.filter(c => c.file.endsWith('.js'))
  const largest = jsChunks.reduce((a, b) => (b.gzip > a.gzip ? b : a), { file: '', gzip: 0, raw: 0, brotli: 0 })

  // the service worker's precache list: what every resident downloads on a first visit
  const precacheBytes = sizes.precached.map(f => measureFile(join(dist, f))).reduce(add, zero)

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
    staffInEntry: sizes.staff.inEntry.length > 0,
    staffInResidentRoutes: sizes.staff.inResidentRoutes,
    staffPrecached: sizes.staff.precached.map(file => ({ file, gzip: byFile.get(file)?.gzip ?? 0 })),
    precache: { files: sizes.precached.length, raw: precacheBytes.raw, gzip: precacheBytes.gzip },
  }
}

function measureFile(path: string): Bytes {
  if (!existsSync(path))
    return zero
  const bytes = readFileSync(path)
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: 0 }
}
