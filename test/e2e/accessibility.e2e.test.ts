import type { Browser, BrowserContext } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, PHONE, phoneContext } from './support/browser'

const baseURL = inject('baseURL')
let browser: Browser
let ids: { document: number, interpretation: number, video: number, consultation: number, event: number }

beforeAll(async () => {
  browser = await launchBrowser()
  const get = async (path: string) => (await fetch(`${baseURL}${path}`)).json()
  const docs = await get(`/api/documents?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
  const interps = await get('/api/interpretations?limit=50')
  const consultations = await get('/api/consultations')
  const events = await get('/api/events')
  const firstOf = (v: unknown): { id: number } => (Array.isArray(v) ? v[0] : (v as { items?: unknown[], open?: unknown[] }).items?.[0] ?? (v as { open?: unknown[] }).open?.[0]) as { id: number }
  ids = { document: docs.items[0].id, interpretation: interps[0].id, video: interps.find((i: { kind: string }) => i.kind === 'video').id, consultation: firstOf(consultations).id, event: firstOf(events).id }
})
afterAll(() => browser?.close())

function routes() {
  return [
    '/',
    '/policies',
    `/policies?q=${encodeURIComponent('加装电梯')}`,
    `/policies/${ids.document}`,
    `/interpretations/${ids.interpretation}`,
    `/interpretations/${ids.video}`,
    '/policies/topics/elevator',
    '/policies/faq',
    '/interact',
    `/interact/consultations/${ids.consultation}`,
    '/events',
    `/events/${ids.event}`,
    '/me',
    '/me/questions',
    '/admin/login',
  ]
}

async function audit(context: BrowserContext, path: string) {
  const page = await context.newPage()
  await page.goto(path)
  await page.locator('main h1').first().waitFor({ state: 'attached' })
  await page.waitForLoadState('networkidle')
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth)
  await page.close()
  return { violations: violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`), overflow }
}

describe('accessibility (axe, WCAG 2.2 AA) on every resident screen', () => {
  for (const variant of [
    { name: 'zh-CN', locale: 'zh-CN', elder: false },
    { name: 'English', locale: 'en', elder: false },
    { name: '长者模式', locale: 'zh-CN', elder: true },
  ]) {
    it(`has no violations and no sideways scrolling at 390 px: ${variant.name}`, async () => {
      const context = await phoneContext(browser, baseURL, { locale: variant.locale })
      await context.addInitScript((elder) => {
        if (elder)
          localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true }))
      }, variant.elder)
      const found: string[] = []
      for (const path of routes()) {
        const { violations, overflow } = await audit(context, path)
        found.push(...violations.map(v => `${path} ${v}`))
        if (overflow)
          found.push(`${path} scrolls sideways at ${PHONE.width} px`)
      }
      await context.close()
      expect(found).toEqual([])
    }, 180_000)
  }
})
