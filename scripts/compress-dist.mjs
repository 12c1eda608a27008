// Writes .br and .gz beside each text file of dist/ once per build, so @fastify/static serves them
// (preCompressed) without compressing on every request. Run after `vite build`.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'

const TEXT = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt|vtt)$/

/** Compresses every text file under `dir` larger than 1 KB. Returns how many files it wrote. */
export function compressDist(dir = 'dist') {
  let written = 0
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) {
      written += compressDist(path)
      continue
    }
    if (!TEXT.test(name) || statSync(path).size < 1024)
      continue
    const bytes = readFileSync(path)
    writeFileSync(`${path}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }))
    written += 2
  }
  return written
}

if (import.meta.url === `file://${process.argv[1]}`)
  console.log(`compressed: ${compressDist()} files`)
