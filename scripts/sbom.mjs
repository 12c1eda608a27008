// npm run sbom: a CycloneDX 1.5 inventory (SBOM) of every third-party package, from package-lock.json alone,
// to stdout. Each package: its name, version, purl, the lockfile's integrity hash and its licence; what only
// builds and tests the app (dev) is marked `excluded`, everything the server runs or a resident downloads
// `required`. `npm sbom` was tried first: with `--omit dev` it left out vue and workbox, and without it refused
// the tree (lighthouse's pinned dependencies), so the lockfile is read directly.
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'))
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8'))

const purl = (name, version) => `pkg:npm/${name.startsWith('@') ? `%40${name.slice(1)}` : name}@${version}`

/** `sha512-<base64>` as CycloneDX writes it: the algorithm's name and the digest in hex. */
function hashOf(integrity) {
  const match = /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/=]+)/.exec(integrity ?? '')
  if (!match)
    return []
  const alg = { sha512: 'SHA-512', sha384: 'SHA-384', sha256: 'SHA-256', sha1: 'SHA-1' }[match[1]]
  return [{ alg, content: Buffer.from(match[2], 'base64').toString('hex') }]
}

// one component per name and version; the lockfile may hold several copies (nested under different packages),
// and it is `required` when any copy is: idb 7.1.1 is both a build tool's and the service worker's
const byRef = new Map()
for (const [path, entry] of Object.entries(lock.packages)) {
  if (!path || entry.link || !entry.version)
    continue
  const name = entry.name ?? path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
  const ref = purl(name, entry.version)
  const seen = byRef.get(ref)
  if (seen) {
    if (!entry.dev)
      seen.scope = 'required'
    continue
  }
  byRef.set(ref, {
    'type': 'library',
    'bom-ref': ref,
    name,
    'version': entry.version,
    'scope': entry.dev ? 'excluded' : 'required',
    'purl': ref,
    'hashes': hashOf(entry.integrity),
    ...(entry.license ? { licenses: [{ expression: entry.license }] } : {}),
  })
}
const components = [...byRef.values()].sort((a, b) => a['bom-ref'].localeCompare(b['bom-ref']))

const bom = {
  bomFormat: 'CycloneDX',
  specVersion: '1.5',
  serialNumber: `urn:uuid:${randomUUID()}`,
  version: 1,
  metadata: {
    timestamp: new Date().toISOString(),
    component: { 'type': 'application', 'bom-ref': purl(pkg.name, pkg.version), 'name': pkg.name, 'version': pkg.version },
  },
  components,
}
process.stdout.write(`${JSON.stringify(bom, null, 2)}\n`)
