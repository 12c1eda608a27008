// Sizes of the built PWA: the resident entry (what index.html loads before the app is interactive) and
// every other chunk, raw, gzip and brotli; and whether staff code is among what a resident downloads.
// Shared by `npm run build` (budgets) and `npm run bench`.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

export const BUDGETS = { entryJsGzip: 60 * 1024, entryCssGzip: 15 * 1024, chunkJsGzip: 30 * 1024 }

function measure(file) {
  const bytes = readFileSync(file)
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  }
}

const sum = list => list.reduce((a, b) => ({ raw: a.raw + b.raw, gzip: a.gzip + b.gzip, brotli: a.brotli + b.brotli }), { raw: 0, gzip: 0, brotli: 0 })

/** Staff code by its file name (vite.config.ts names staff modules so; a route chunk is named after its page). */
const STAFF = /admin|staff/i
export const isStaffFile = file => STAFF.test(file)

/**
 * The lazy routes' files, from the entry's own preload map (`__vite__mapDeps`): for each route, its chunk
 * first, then every chunk and stylesheet it needs. Each distinct group once.
 */
function routeGroups(entrySource) {
  const table = /m\.f=\[([^\]]*)\]/.exec(entrySource)?.[1]
  const depFiles = table ? [...table.matchAll(/"([^"]+)"/g)].map(m => m[1]) : []
  const groups = [...entrySource.matchAll(/__vite__mapDeps\(\[([\d,]+)\]\)/g)].map(m => m[1].split(',').map(i => depFiles[Number(i)]))
  const seen = new Set()
  return groups.filter((files) => {
    const key = files.join(',')
    if (files.length === 0 || seen.has(key))
      return false
    seen.add(key)
    return true
  })
}

/**
 * Staff code a resident could download: in the entry, in a resident route's files, or in the service worker's
 * precache (what every resident downloads on a first visit). Staff by name, or by use: a file only staff
 * routes load, whatever its name (a staff-only module not named as one would otherwise slip into the precache).
 */
function staffExposure(entryFiles, routes, precached) {
  const residentRoutes = routes.filter(files => !isStaffFile(files[0]))
  const residentFiles = new Set([...entryFiles, ...residentRoutes.flat()])
  const staffOnly = new Set(routes.filter(files => isStaffFile(files[0])).flat().filter(f => !residentFiles.has(f)))
  return {
    inEntry: entryFiles.filter(f => isStaffFile(f)),
    inResidentRoutes: [...new Set(residentRoutes.flat().filter(f => isStaffFile(f)))],
    precached: precached.filter(f => /\.(?:js|css)$/.test(f) && (isStaffFile(f) || staffOnly.has(f))),
  }
}

/**
 * Measures dist/: the entry's JS and CSS, each chunk on its own, the routes' files, the service worker's
 * precache list, and any staff code among what a resident downloads.
 */
export function measureDist(dist = 'dist') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const entryFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(m => m[1])
  const assets = readdirSync(join(dist, 'assets'))
  const chunks = assets.filter(f => f.endsWith('.js') || f.endsWith('.css')).map(f => ({ file: `assets/${f}`, ...measure(join(dist, 'assets', f)) }))
  const entry = chunks.filter(c => entryFiles.includes(c.file))
  const entryJsFile = entryFiles.find(f => f.endsWith('.js') && /\/index-/.test(f)) ?? entryFiles.find(f => f.endsWith('.js'))
  const routes = entryJsFile ? routeGroups(readFileSync(join(dist, entryJsFile), 'utf8')) : []
  const sw = join(dist, 'sw.js')
  const precached = existsSync(sw) ? [...readFileSync(sw, 'utf8').matchAll(/"url":"([^"]+)"/g)].map(m => m[1]) : []
  return {
    entryJs: sum(entry.filter(c => c.file.endsWith('.js'))),
    entryCss: sum(entry.filter(c => c.file.endsWith('.css'))),
    entryFiles,
    chunks: chunks.filter(c => !entryFiles.includes(c.file)),
    routes,
    precached,
    staff: staffExposure(entryFiles, routes, precached),
  }
}

/** The budgets a build must keep; returns the broken ones as sentences. */
export function brokenBudgets(sizes) {
  const kb = n => `${(n / 1024).toFixed(1)} KB`
  const broken = []
  if (sizes.entryJs.gzip > BUDGETS.entryJsGzip)
    broken.push(`entry JS is ${kb(sizes.entryJs.gzip)} gzip, budget ${kb(BUDGETS.entryJsGzip)}`)
  if (sizes.entryCss.gzip > BUDGETS.entryCssGzip)
    broken.push(`entry CSS is ${kb(sizes.entryCss.gzip)} gzip, budget ${kb(BUDGETS.entryCssGzip)}`)
  for (const c of sizes.chunks.filter(c => c.file.endsWith('.js') && c.gzip > BUDGETS.chunkJsGzip))
    broken.push(`${c.file} is ${kb(c.gzip)} gzip, budget ${kb(BUDGETS.chunkJsGzip)} per route chunk`)
  if (sizes.staff.inEntry.length)
    broken.push(`the staff console is in the resident entry: ${sizes.staff.inEntry.join(', ')}`)
  if (sizes.staff.inResidentRoutes.length)
    broken.push(`resident routes load staff code: ${sizes.staff.inResidentRoutes.join(', ')}`)
  if (sizes.staff.precached.length)
    broken.push(`the service worker precaches staff code for every resident: ${sizes.staff.precached.join(', ')} (name staff-only modules Admin*, or add them to STAFF_NAME in vite.config.ts)`)
  return broken
}
