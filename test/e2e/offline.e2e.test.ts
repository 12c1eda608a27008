import type { BrowserContext, Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { announced, controlledPhone, fitsPhone, mainHeading, snap } from './support/browser'

const baseURL = inject('baseURL')
let context: BrowserContext
let page: Page

beforeAll(async () => {
  ;({ context, page } = await controlledPhone(baseURL))
})
afterAll(() => context?.close())

/** axe (WCAG 2.2 AA) on the page as it is: the violations, named. */
async function axe(): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
  return violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)
}

describe('reading offline', () => {
  it('opens a document read online after going offline, on reload and from a deep link', async () => {
    await page.goto(`/policies?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
    await page.getByRole('link', { name: '2023年浦东新区政务公开工作要点' }).click()
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    const documentUrl = page.url()
    await page.goto('/interpretations/1')
    await page.locator('main h1').first().waitFor()
    const interpretationTitle = await mainHeading(page)

    await context.setOffline(true)
    await page.goto(documentUrl)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    expect(await page.getByRole('status').filter({ hasText: '当前离线' }).count()).toBe(1)
    await snap(page, 'offline-document')

    // a deep link to a part, typed or shared, opens from the device too
    await page.goto(`${documentUrl}#p3`)
    await expect.poll(() => page.evaluate(() => document.getElementById('p3')?.textContent ?? '')).toContain('三、')
    await page.reload()
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')

    await page.goto('/interpretations/1')
    await expect.poll(() => mainHeading(page)).toBe(interpretationTitle)

    await context.setOffline(false)
    await page.reload()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '当前离线' }).count()).toBe(0)
  })
})

describe('saved for offline', () => {
  const title = '关于既有多层住宅加装电梯财政补贴的实施办法'
  const graphic = '一图读懂：加装电梯怎么申请补贴'
  let documentPath = ''
  const savedUrls = () => page.evaluate(async () => (await (await caches.open('saved-v1')).keys()).map(r => new URL(r.url).pathname))

  it('keeps a saved document with its interpretation when the runtime caches are gone and the network too', async () => {
    await context.setOffline(false)
    await page.goto(`/policies?q=${encodeURIComponent('沪房规〔2025〕4号')}`)
    await page.getByRole('link', { name: title }).click()
    await expect.poll(() => mainHeading(page)).toBe(title)
    documentPath = new URL(page.url()).pathname
    const save = page.getByRole('button', { name: '保存到本机' })
    await save.scrollIntoViewIfNeeded()
    await snap(page, 'offline-save-button-before')
    await save.focus()
    await page.keyboard.press('Enter')
    await page.getByText('已保存到本机，没有网络也能打开。').waitFor()
    // the change is announced in the app's live region, and the button now removes
    await expect.poll(() => page.locator('[aria-live]').allTextContents().then(t => t.join(' '))).toContain('已保存到本机')
    expect(await page.getByRole('button', { name: '从本机移除' }).count()).toBe(1)
    await page.getByRole('button', { name: '从本机移除' }).scrollIntoViewIfNeeded()
    await snap(page, 'offline-save-button')
    expect(await axe()).toEqual([])

    // the document, its interpretations and the 图解 image are kept under their exact URLs
    const kept = await savedUrls()
    expect(kept).toContain(`/api${documentPath.replace('/policies', '/documents')}`)
    expect(kept.some(u => /^\/api\/interpretations\/\d+$/.test(u))).toBe(true)
    expect(kept).toContain('/demo/elevator-steps.svg')

    // a fresh answer from the network replaces the saved copy (here a fake old one), so saved items do not go stale
    const apiUrl = `/api${documentPath.replace('/policies', '/documents')}`
    await page.evaluate(url => caches.open('saved-v1').then(c => c.put(url, new Response('{"title":"old copy"}', { headers: { 'content-type': 'application/json', 'date': 'Wed, 01 Jan 2020 00:00:00 GMT' } }))), apiUrl)
    await page.reload()
    await expect.poll(() => mainHeading(page)).toBe(title)
    await expect.poll(() => page.evaluate(url => caches.open('saved-v1').then(c => c.match(url)).then(r => r!.json()).then((d: { title: string }) => d.title), apiUrl)).toBe(title)

    await page.evaluate(() => Promise.all(['api-documents', 'api-library', 'api-consultations', 'api-events', 'images'].map(name => caches.delete(name))))
    await context.setOffline(true)
    await page.reload()
    await expect.poll(() => mainHeading(page)).toBe(title)
    await page.getByRole('link', { name: graphic }).click()
    await expect.poll(() => mainHeading(page)).toBe(graphic)
    await expect.poll(() => page.locator('main figure img').first().evaluate(img => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0)
  })

  it('says when the content was fetched, offline', async () => {
    await page.goto(documentPath)
    await expect.poll(() => mainHeading(page)).toBe(title)
    const line = page.locator('main time').filter({ hasText: /^内容更新于 / })
    await expect.poll(() => line.textContent()).toMatch(/^内容更新于 \d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
    // the moment is the server's Date header of the saved answer, within the last minutes
    const at = await line.getAttribute('datetime')
    expect(Date.now() - Date.parse(at!)).toBeLessThan(10 * 60_000)
    await snap(page, 'offline-content-date')
    expect(await axe()).toEqual([])
  })

  it('finds the saved document when searching offline, and says the results come from the device', async () => {
    await page.goto(`/policies?q=${encodeURIComponent('加装电梯补贴')}`)
    await page.getByRole('heading', { name: '从本机已保存和浏览过的内容中搜索' }).waitFor()
    const hit = page.locator('main li').filter({ has: page.getByRole('link', { name: title }) })
    await hit.waitFor()
    expect(await hit.textContent()).toContain('已保存')
    expect(await page.locator('main mark').count()).toBeGreaterThan(0)
    await expect.poll(() => page.getByRole('status').filter({ hasText: /在本机找到 \d+ 项/ }).count()).toBe(1)
    await snap(page, 'offline-search')
    expect(await axe()).toEqual([])
    await hit.getByRole('link', { name: title }).click()
    await expect.poll(() => mainHeading(page)).toBe(title)
  })

  it('searches the device too when online but the search request cannot reach the server', async () => {
    await context.setOffline(false)
    // the network is there, but the server's search does not answer (the worker's own fetch is cut here)
    await context.route(/\/api\/documents\?/, route => route.abort('internetdisconnected'))
    try {
      await page.goto(`/policies?q=${encodeURIComponent('一图读懂')}`)
      await page.getByRole('heading', { name: '从本机已保存和浏览过的内容中搜索' }).waitFor()
      await page.locator('main li').filter({ has: page.getByRole('link', { name: graphic }) }).waitFor()
      expect(await page.getByRole('status').filter({ hasText: '当前离线' }).count()).toBe(0)
    }
    finally {
      await context.unroute(/\/api\/documents\?/)
      await context.setOffline(true)
    }
  })

  it('lists it under 离线内容 with its size, works in 长者模式, and removes it', async () => {
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await page.goto('/me')
    await page.getByRole('link', { name: '离线内容', exact: true }).click()
    await expect.poll(() => mainHeading(page)).toBe('离线内容')
    const item = page.locator('main li').filter({ has: page.getByRole('link', { name: title }) })
    await item.waitFor()
    expect(await item.textContent()).toContain('政策文件')
    expect(await item.textContent()).toMatch(/大小 [\d.]+ (?:KB|MB)/)
    expect(await item.textContent()).toMatch(/保存于 \d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
    await expect.poll(() => page.getByText(/已保存 1 项，共 [\d.]+ (?:KB|MB)/).count()).toBe(1)
    await expect.poll(() => page.getByText(/浏览器(?:已|未)同意长期保存/).count()).toBe(1)
    const remove = page.getByRole('button', { name: `从本机移除：${title}` })
    expect((await remove.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await snap(page, 'offline-content')
    expect(await axe()).toEqual([])
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
    await snap(page, 'offline-content-storage')

    // in English as well (the document's title stays Chinese)
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'en', elderMode: false, elderOffered: true })))
    await page.reload()
    await expect.poll(() => mainHeading(page)).toBe('Offline content')
    await page.getByRole('button', { name: `Remove from device: ${title}` }).waitFor()
    await expect.poll(() => page.getByText(/^1 saved, [\d.]+ (?:KB|MB) in all$/).count()).toBe(1)
    await snap(page, 'offline-content-en')
    expect(await axe()).toEqual([])
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await page.reload()
    await expect.poll(() => mainHeading(page)).toBe('离线内容')

    await remove.click()
    await page.getByText('还没有保存内容。', { exact: false }).waitFor()
    expect(await savedUrls()).toEqual([])
    await page.evaluate(() => localStorage.removeItem('gongkai.settings'))
    // nothing else holds the document now: offline, it no longer opens
    await page.goto(documentPath)
    await expect.poll(() => page.locator('main').textContent()).toMatch(/网络|出了点问题/)
    expect(await mainHeading(page)).not.toBe(title)
    await context.setOffline(false)
  })
})

describe('saving the other kinds of pages', () => {
  it('keeps a 一件事 bundle with what it gathers, a consultation with its comments and an event', async () => {
    await context.setOffline(false)
    const consultations = await (await fetch(`${baseURL}/api/consultations`)).json() as { open: Array<{ id: number, title: string }> }
    const events = await (await fetch(`${baseURL}/api/events`)).json() as { items: Array<{ id: number, title: string }> }
    const pages = [
      { path: '/policies/topics/elevator', title: '加装电梯一件事' },
      { path: `/interact/consultations/${consultations.open[0]!.id}`, title: consultations.open[0]!.title },
      { path: `/events/${events.items[0]!.id}`, title: events.items[0]!.title },
    ]
    for (const { path, title } of pages) {
      await page.goto(path)
      await expect.poll(() => mainHeading(page)).toBe(title)
      await page.getByRole('button', { name: '保存到本机' }).click()
      await page.getByRole('button', { name: '从本机移除' }).waitFor()
    }
    await page.evaluate(() => Promise.all(['api-documents', 'api-library', 'api-consultations', 'api-events', 'images'].map(name => caches.delete(name))))
    await context.setOffline(true)
    for (const { path, title } of pages) {
      await page.goto(path)
      await expect.poll(() => mainHeading(page)).toBe(title)
      await page.locator('main time').filter({ hasText: /^内容更新于 / }).waitFor()
    }
    // what the bundle gathers opens too: its document and its interpretation
    await page.goto('/policies/topics/elevator')
    await page.getByRole('link', { name: '关于既有多层住宅加装电梯财政补贴的实施办法' }).click()
    await expect.poll(() => mainHeading(page)).toBe('关于既有多层住宅加装电梯财政补贴的实施办法')
    await page.goBack()
    await page.getByRole('link', { name: '一图读懂：加装电梯怎么申请补贴' }).click()
    await expect.poll(() => mainHeading(page)).toBe('一图读懂：加装电梯怎么申请补贴')

    // removing everything at once, with a confirmation
    await page.goto('/me/offline')
    await expect.poll(() => page.locator('main li').count()).toBe(3)
    await page.getByRole('button', { name: '全部移除' }).click()
    await page.getByRole('button', { name: '确定移除' }).click()
    await page.getByText('还没有保存内容。', { exact: false }).waitFor()
    expect(await page.evaluate(() => caches.has('saved-v1'))).toBe(false)
    await context.setOffline(false)
  })
})

describe('what the app keeps by itself', () => {
  const AUTOMATIC = ['api-documents', 'api-library', 'api-consultations', 'api-events', 'images', 'page-snapshots-v1']
  const title = '关于既有多层住宅加装电梯财政补贴的实施办法'

  it('counts the pages read under 离线内容, clears them, and keeps the saved item, which still opens offline', async () => {
    await context.setOffline(false)
    await page.goto(`/policies?q=${encodeURIComponent('沪房规〔2025〕4号')}`)
    await page.getByRole('link', { name: title }).click()
    await expect.poll(() => mainHeading(page)).toBe(title)
    const documentPath = new URL(page.url()).pathname
    await page.getByRole('button', { name: '保存到本机' }).click()
    await page.getByRole('button', { name: '从本机移除' }).waitFor()
    // pages read, not saved: an event and a consultation
    const events = await (await fetch(`${baseURL}/api/events`)).json() as { items: Array<{ id: number, title: string }> }
    const eventPath = `/events/${events.items[0]!.id}`
    await page.goto(eventPath)
    await expect.poll(() => mainHeading(page)).toBe(events.items[0]!.title)
    // the event page keeps a snapshot of itself, in an idle moment after it is ready
    await expect.poll(() => page.evaluate(path => caches.match(`/__snapshots${path}`, { cacheName: 'page-snapshots-v1' }).then(r => !!r), eventPath), { timeout: 10_000 }).toBe(true)
    await page.goto('/interact')
    await page.locator('main h1').first().waitFor()

    await page.goto('/me/offline')
    await expect.poll(() => mainHeading(page)).toBe('离线内容')
    const section = page.getByRole('region', { name: '自动保留的内容' })
    await section.getByRole('heading', { level: 2, name: '自动保留的内容' }).waitFor()
    const total = section.getByText(/^自动保留 \d+ 项，约 [\d.]+ (?:B|KB|MB)$/)
    await total.waitFor()
    expect(Number(/(\d+) 项/.exec((await total.textContent())!)![1])).toBeGreaterThan(0)
    await section.getByText(/^页面 [1-9]\d* 个$/).waitFor()
    await section.getByText(/^资料 [1-9]\d* 条$/).waitFor()
    await section.scrollIntoViewIfNeeded()
    await snap(page, 'offline-recent')
    await fitsPhone(page)
    expect(await axe()).toEqual([])

    // 长者模式: the same section, large text, the button a 60 px target
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await page.reload()
    await total.waitFor()
    const clear = section.getByRole('button', { name: '清除自动保留的内容' })
    await clear.scrollIntoViewIfNeeded()
    expect((await clear.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'offline-recent-elder')
    await clear.click()
    const yes = section.getByRole('button', { name: '确定清除' })
    await yes.scrollIntoViewIfNeeded()
    expect(await section.getByRole('group').textContent()).toContain('已保存到本机的内容不会删除')
    await snap(page, 'offline-recent-elder-confirm')
    expect(await axe()).toEqual([])
    await yes.click()

    await section.getByText('现在没有自动保留的内容。').waitFor()
    await expect.poll(() => announced(page)).toMatch(/^已清除自动保留的内容，腾出约 [\d.]+ (?:KB|MB)$/)
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('自动保留的内容')
    const left = await page.evaluate(() => caches.keys())
    expect(left.filter(name => AUTOMATIC.includes(name))).toEqual([])
    expect(left).toContain('saved-v1')
    expect(left.some(name => name.startsWith('workbox-precache'))).toBe(true)
    // the saved item is still listed, with its own figure
    await page.locator('main li').filter({ has: page.getByRole('link', { name: title }) }).waitFor()
    expect(await page.getByText(/已保存 1 项，共 [\d.]+ (?:KB|MB)/).count()).toBe(1)
    await snap(page, 'offline-recent-cleared')
    await page.evaluate(() => localStorage.removeItem('gongkai.settings'))

    // offline: the saved document still opens (the app itself too); the event read but not saved no longer does
    await context.setOffline(true)
    await page.goto(documentPath)
    await expect.poll(() => mainHeading(page)).toBe(title)
    await page.goto(eventPath)
    await expect.poll(() => page.locator('main').textContent()).toMatch(/网络|出了点问题/)
    expect(await mainHeading(page)).not.toBe(events.items[0]!.title)
    await context.setOffline(false)
  })
})
