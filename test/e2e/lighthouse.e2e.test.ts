import type { Browser } from 'playwright-core'
import lighthouse from 'lighthouse'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser } from './support/browser'
import { freePort, spareIds } from './support/global-server'

/*
 * Lighthouse's accessibility audit (lighthouse 13.5, mobile emulation, its own axe run) on the
 * five pages issue 9 names: each must score 100. Lighthouse drives the same Debian Chromium over its debugging
 * port (13.5 declares Node 22.19 but runs this audit on Node 20). The axe sweep over every route is
 * accessibility.e2e.test.ts; this is the score a district will check.
 */

const baseURL = inject('baseURL')
let browser: Browser
let port: number
const pages: Record<string, string> = {}

beforeAll(async () => {
  port = await freePort()
  browser = await launchBrowser({ remoteDebuggingPort: port })
  const documents = await (await fetch(`${baseURL}/api/documents?q=${encodeURIComponent('浦府办〔2023〕18号')}`)).json()
  const { consultationId, eventId } = await spareIds(baseURL)
  pages.home = '/'
  pages['policy list'] = '/policies'
  pages.document = `/policies/${documents.items[0].id}`
  pages.consultation = `/interact/consultations/${consultationId}`
  pages.event = `/events/${eventId}`
})
afterAll(() => browser?.close())

describe('Lighthouse accessibility', () => {
  for (const name of ['home', 'policy list', 'document', 'consultation', 'event']) {
    it(`scores 100 on the ${name} page`, async () => {
      const result = await lighthouse(`${baseURL}${pages[name]}`, { port, onlyCategories: ['accessibility'], logLevel: 'error', output: 'json', locale: 'zh' })
      const lhr = result!.lhr
      const failed = Object.values(lhr.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary').map(a => `${a.id}: ${a.title}`)
      expect(lhr.runtimeError, JSON.stringify(lhr.runtimeError)).toBeUndefined()
      expect(failed).toEqual([])
      expect(lhr.categories.accessibility!.score).toBe(1)
      // it audited the page itself, rendered, not an empty shell or an error page
      expect(lhr.finalDisplayedUrl).toBe(`${baseURL}${pages[name]}`)
      const passed = Object.values(lhr.audits).filter(a => a.score === 1 && a.scoreDisplayMode === 'binary')
      expect(passed.length).toBeGreaterThanOrEqual(15)
      expect(lhr.audits['document-title']!.score).toBe(1)
    }, 120_000)
  }
})
