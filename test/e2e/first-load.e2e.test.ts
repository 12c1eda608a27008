import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, launchBrowser, phoneContext, snap } from './support/browser'

// The first page's data is asked for together with the page's code (route meta `prefetch`, main.ts), not
// after the code has arrived, and the page uses that one answer: no second request for the same data.

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** Every request in the order the page sent it, and when each finished (by the order of events, not by time). */
function recordRequests(page: Page) {
  const events: string[] = []
  page.on('request', r => events.push(`sent ${new URL(r.url()).pathname}${new URL(r.url()).search}`))
  page.on('requestfinished', r => events.push(`done ${new URL(r.url()).pathname}${new URL(r.url()).search}`))
  return events
}

describe('the first page load on a phone', () => {
  it('asks for a document with the page\'s code and reads it once', async () => {
    const context = await phoneContext(browser, baseURL, { serviceWorkers: 'block' })
    const list = await (await context.request.get(`${baseURL}/api/documents?limit=50`)).json() as { items: Array<{ id: number, slug: string }> }
    const id = list.items.find(d => d.slug === 'pudong-2023-gongkai-yaodian')!.id
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    const events = recordRequests(page)

    await page.goto(`/policies/${id}`)
    await expect.poll(() => page.locator('main h1').first().textContent()).toContain('2023年浦东新区政务公开工作要点')
    // the body fills in part by part after the first paint
    await expect.poll(() => page.locator('.doc-body h2').count()).toBeGreaterThanOrEqual(4)
    await snap(page, 'first-load-document')

    const api = `/api/documents/${id}`
    expect(events.filter(e => e === `sent ${api}`)).toHaveLength(1)
    // the read went out before the document page's own code had finished downloading
    const chunkDone = events.findIndex(e => /^done \/assets\/DocumentPage-[\w-]+\.js$/.test(e))
    expect(chunkDone).toBeGreaterThan(-1)
    expect(events.indexOf(`sent ${api}`)).toBeLessThan(chunkDone)
    expect(errors).toEqual([])
    await context.close()
  })

  it('asks for the latest documents on the home page once, in English too', async () => {
    const context = await phoneContext(browser, baseURL, { serviceWorkers: 'block', locale: 'en' })
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    const events = recordRequests(page)
    await page.goto('/')
    await expect.poll(() => page.locator('.home__latest li').count()).toBeGreaterThan(0)
    expect(events.filter(e => e === 'sent /api/documents?limit=5')).toHaveLength(1)
    expect(errors).toEqual([])
    await context.close()
  })
})
