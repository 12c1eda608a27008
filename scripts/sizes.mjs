// Sizes of the built PWA: the resident entry (what index.html loads before the app is interactive) and
// every other chunk, raw, gzip and brotli. Shared by `npm run build` (budgets) and `npm run bench`.
import { readdirSync, readFileSync } from 'node:fs'
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

/** Measures dist/: the entry's JS and CSS, and each chunk on its own. */
export function measureDist(dist = 'dist') {
  const html = readFileSync(join(dist, 'index.html'), 'utf8')
  const entryFiles = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(m => m[1])
  const assets = readdirSync(join(dist, 'assets'))
  const chunks = assets.filter(f => f.endsWith('.js') || f.endsWith('.css')).map(f => ({ file: `assets/${f}`, ...measure(join(dist, 'assets', f)) }))
  const entry = chunks.filter(c => entryFiles.includes(c.file))
  return {
    entryJs: sum(entry.filter(c => c.file.endsWith('.js'))),
    entryCss: sum(entry.filter(c => c.file.endsWith('.css'))),
    entryFiles,
    chunks: chunks.filter(c => !entryFiles.includes(c.file)),
    adminInEntry: entryFiles.some(f => /admin/i.test(f)),
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
  if (sizes.adminInEntry)
    broken.push('the staff console is in the resident entry')
  return broken
}
