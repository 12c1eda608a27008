import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
// @ts-expect-error: a plain ES module of the build's scripts, without types
import { brokenBudgets, measureDist } from '../../../scripts/sizes.mjs'

// scripts/sizes.mjs, which `npm run build` fails on: staff code among what a resident downloads, found by use as
// well as by name, in a dist/ laid out as Vite and vite-plugin-pwa lay it out.
const dirs: string[] = []
afterEach(() => dirs.splice(0).forEach(d => rmSync(d, { recursive: true, force: true })))

/**
 * A dist/ whose entry lazily loads each route with its files (the route's chunk first, as Vite's preload map
 * lists them) and whose service worker precaches `precached`.
 */
function dist(routes: string[][], precached: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-sizes-'))
  dirs.push(dir)
  mkdirSync(join(dir, 'assets'))
  const files = [...new Set(routes.flat())]
  const entry = `const m={};m.f=[${files.map(f => `"${f}"`).join(',')}];\n${routes.map(r => `import(__vite__mapDeps([${r.map(f => files.indexOf(f)).join(',')}]))`).join(';\n')}`
  writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), entry)
  for (const file of files)
    writeFileSync(join(dir, file), `export const x = ${JSON.stringify(file)}`)
  writeFileSync(join(dir, 'index.html'), '<script type="module" src="/assets/index-AbCd1234.js"></script>')
  writeFileSync(join(dir, 'sw.js'), `self.__WB_MANIFEST=[${['assets/index-AbCd1234.js', ...precached].map(url => `{"revision":null,"url":"${url}"}`).join(',')}]`)
  return dir
}

const HOME = ['assets/HomePage-aaaaaaaa.js', 'assets/shared-bbbbbbbb.js']
const SECURITY = ['assets/AdminSecurityPage-cccccccc.js', 'assets/shared-bbbbbbbb.js', 'assets/FieldError-dddddddd.js']
const EDITOR = ['assets/AdminEventEditPage-eeeeeeee.js', 'assets/FieldError-dddddddd.js']

describe('scripts/sizes.mjs staff checks', () => {
  it('passes a build whose precache holds only what resident routes load', () => {
    const sizes = measureDist(dist([HOME, SECURITY, EDITOR], ['assets/HomePage-aaaaaaaa.js', 'assets/shared-bbbbbbbb.js']))
    expect(sizes.routes).toHaveLength(3)
    expect(sizes.staff).toEqual({ inEntry: [], inResidentRoutes: [], precached: [] })
    expect(brokenBudgets(sizes)).toEqual([])
  })

  it('fails a build that precaches a chunk only staff routes load, whatever its name', () => {
    const sizes = measureDist(dist([HOME, SECURITY, EDITOR], ['assets/HomePage-aaaaaaaa.js', 'assets/shared-bbbbbbbb.js', 'assets/FieldError-dddddddd.js']))
    expect(sizes.staff.precached).toEqual(['assets/FieldError-dddddddd.js'])
    expect(brokenBudgets(sizes)).toEqual([expect.stringContaining('precaches staff code for every resident: assets/FieldError-dddddddd.js')])
  })

  it('fails a build that precaches a staff route, or whose resident routes load staff code', () => {
    const leaky = ['assets/EventPage-ffffffff.js', 'assets/AdminEventCounts-gggggggg.js']
    const sizes = measureDist(dist([HOME, leaky, SECURITY], ['assets/AdminSecurityPage-cccccccc.js']))
    expect(sizes.staff.inResidentRoutes).toEqual(['assets/AdminEventCounts-gggggggg.js'])
    expect(sizes.staff.precached).toEqual(['assets/AdminSecurityPage-cccccccc.js'])
    expect(brokenBudgets(sizes)).toHaveLength(2)
  })
})
