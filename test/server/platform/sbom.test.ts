import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

interface Component { 'bom-ref': string, 'name': string, 'version': string, 'scope': string, 'purl': string, 'hashes': Array<{ alg: string, content: string }>, 'licenses'?: Array<{ expression: string }> }

describe('npm run sbom', () => {
  it('lists every package of the lockfile once, with its version, purl, hash and licence, and marks what only builds and tests the app', () => {
    const bom = JSON.parse(execFileSync(process.execPath, ['scripts/sbom.mjs'], { encoding: 'utf8' })) as { bomFormat: string, specVersion: string, components: Component[] }
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version?: string, dev?: boolean, integrity?: string, link?: boolean }> }
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.5' })
    const byRef = new Map(bom.components.map(c => [c['bom-ref'], c]))
    expect(byRef.size).toBe(bom.components.length)
    for (const [path, entry] of Object.entries(lock.packages).filter(([path, e]) => path && !e.link && e.version)) {
      const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
      expect(bom.components.some(c => c.name === name && c.version === entry.version), `${name}@${entry.version}`).toBe(true)
    }
    const one = (name: string) => bom.components.find(c => c.name === name && c.version === lock.packages[`node_modules/${name}`]!.version)!
    // what the server runs and a resident downloads, and what only tests it
    expect(one('fastify')).toMatchObject({ scope: 'required', purl: `pkg:npm/fastify@${one('fastify').version}`, licenses: [{ expression: 'MIT' }] })
    expect(one('vue').scope).toBe('required')
    expect(one('@node-rs/argon2').purl).toMatch(/^pkg:npm\/%40node-rs\/argon2@/)
    expect(one('vitest').scope).toBe('excluded')
    // a name and version with several copies is required when any copy is: the app's own nested packages count
    const copies = new Map<string, boolean[]>()
    for (const [path, entry] of Object.entries(lock.packages).filter(([path, e]) => path && !e.link && e.version)) {
      const key = `${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`
      copies.set(key, [...copies.get(key) ?? [], !entry.dev])
    }
    for (const c of bom.components)
      expect([`${c.name}@${c.version}`, c.scope]).toEqual([`${c.name}@${c.version}`, copies.get(`${c.name}@${c.version}`)!.includes(true) ? 'required' : 'excluded'])
    expect([...copies.values()].some(flags => flags.includes(true) && flags.includes(false))).toBe(true)
    // the lockfile's integrity hash, as hex
    const integrity = lock.packages['node_modules/fastify']!.integrity!
    expect(one('fastify').hashes).toEqual([{ alg: 'SHA-512', content: Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex') }])
    expect(bom.components.filter(c => c.hashes.length === 0)).toEqual([])
  })
})
