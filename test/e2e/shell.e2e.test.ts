import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, mainHeading, persistentPhone, phoneContext, snap } from './support/browser'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('the app shell on a phone', () => {
  it('moves through every tab and opens an imported document', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    const errors = collectPageErrors(page)

    await page.goto('/')
    await expect.poll(() => page.locator('main h1').count()).toBe(1)
    await expect.poll(() => page.locator('.home__latest li').count()).toBeGreaterThan(0)
    await fitsPhone(page)
    await snap(page, 'shell-home')

    const tabs = [
      { name: '政策', path: '/policies', h1: '政策文件库' },
      { name: '互动', path: '/interact', h1: '互动' },
      { name: '活动', path: '/events', h1: '活动' },
      { name: '我的', path: '/me', h1: '我的' },
      { name: '首页', path: '/', h1: '政务公开' },
    ]
    const nav = page.getByRole('navigation', { name: '主导航' })
    for (const tab of tabs) {
      await nav.getByRole('link', { name: tab.name }).click()
      await page.waitForURL(url => url.pathname === tab.path)
      await expect.poll(() => mainHeading(page)).toBe(tab.h1)
      expect(await nav.getByRole('link', { name: tab.name }).getAttribute('aria-current')).toBe('page')
      // after a client-side navigation, focus is on the new page's heading
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    }

    await nav.getByRole('link', { name: '政策' }).click()
    const pudong = page.getByRole('link', { name: '2023年浦东新区政务公开工作要点' })
    await pudong.click()
    await page.waitForURL(/\/policies\/\d+$/)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    const meta = page.locator('.doc-meta')
    expect(await meta.textContent()).toContain('浦府办〔2023〕18号')
    // the body fills in part by part after the first paint
    await expect.poll(() => page.locator('.doc-body h2').count()).toBeGreaterThanOrEqual(4)
    await snap(page, 'shell-document')

    // the outline jumps to a part, which has its own deep link
    await page.getByText('目录', { exact: true }).click()
    const firstPart = page.locator('.outline__parts > li > a').nth(1)
    const href = await firstPart.getAttribute('href')
    await firstPart.click()
    await page.waitForURL(url => url.hash === href)
    await snap(page, 'shell-document-part')

    // the header's back button returns to the list
    await page.getByRole('button', { name: '返回' }).click()
    await page.waitForURL(url => url.pathname === '/policies')

    expect(errors).toEqual([])
    await context.close()
  })

  it('serves a deep link to a document straight from the server', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    const list = await (await page.request.get('/api/documents?limit=50')).json() as { items: Array<{ id: number, title: string }> }
    const doc = list.items.find(d => d.title.includes('浦东'))!
    await page.goto(`/policies/${doc.id}`)
    await expect.poll(() => mainHeading(page)).toBe(doc.title)
    expect(await page.title()).toContain(doc.title)
    await context.close()
  })

  it('serves assets precompressed and cached for good, the shell and worker revalidated', async () => {
    const html = await fetch(`${baseURL}/`, { headers: { 'accept-encoding': 'br' } })
    expect(html.headers.get('cache-control')).toBe('no-cache')
    const entry = /src="(\/assets\/index-[^"]+\.js)"/.exec(await html.text())![1]
    const asset = await fetch(`${baseURL}${entry}`, { headers: { 'accept-encoding': 'br, gzip' } })
    expect(asset.headers.get('content-encoding')).toBe('br')
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const sw = await fetch(`${baseURL}/sw.js`, { headers: { 'accept-encoding': 'gzip' } })
    expect(sw.headers.get('content-encoding')).toBe('gzip')
    expect(sw.headers.get('cache-control')).toBe('no-cache')
  })

  it('has a complete manifest and registers the service worker', async () => {
    const context = await persistentPhone(baseURL)
    const page = await context.newPage()
    await page.goto('/')
    const manifest = await (await page.request.get('/manifest.webmanifest')).json()
    expect(manifest).toMatchObject({ name: '政务公开', display: 'standalone', start_url: '/', lang: 'zh-CN' })
    expect(manifest.icons.map((i: { sizes: string, purpose: string }) => `${i.sizes}/${i.purpose}`)).toEqual(expect.arrayContaining(['192x192/any', '512x512/any', '512x512/maskable']))
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)
    expect(scope).toBe(`${baseURL}/`)
    const cdp = await context.newCDPSession(page)
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors') as { installabilityErrors: unknown[] }
    expect(installabilityErrors).toEqual([])
    await context.close()
  })
})
