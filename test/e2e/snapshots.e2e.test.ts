import type { BrowserContext, Page } from 'playwright-core'
import { request } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { RUNTIME_CACHES } from '../../src/client/offline/kinds'
import { CAPTURE_AFTER_MS, CAPTURE_IDLE_WAIT_MS, snapshotKey } from '../../src/client/offline/snapshot-cache'
import { SNAPSHOT_CACHE } from '../../src/client/offline/snapshots'
import { announced, collectPageErrors, controlledPhone, layoutShift, mainHeading, snap, storedList } from './support/browser'
import { spareIds } from './support/global-server'
import { signUp } from './support/signup'
import { answerQuestion, queuedQuestionId, staffState } from './support/staff'

// Page snapshots (src/client/offline/snapshots.ts): a public page seen before paints from the device at
// once, inert and busy, and the app takes its place where it stands.
const baseURL = inject('baseURL')
let context: BrowserContext
let page: Page

beforeAll(async () => {
  ;({ context, page } = await controlledPhone(baseURL))
})
afterAll(() => context?.close())

const snapshotKeys = () => page.evaluate(async cache => (await (await caches.open(cache)).keys()).map(r => new URL(r.url).pathname), SNAPSHOT_CACHE)
const snapshotHtml = (key: string) => page.evaluate(async ([cache, k]) => ((await (await (await caches.open(cache!)).match(k!))?.json()) as { html: string } | undefined)?.html ?? '', [SNAPSHOT_CACHE, key])

/**
 * What a new tab on `path` shows before the app runs: the document the worker answered with, scripts off;
 * `box` is where `landmark` (the page's heading unless it says) stands in the snapshot.
 */
async function beforeTheApp(path: string, landmark = 'h1'): Promise<{ snapshot: boolean, inert: boolean, busy: string | null, appHidden: boolean, h1: string, box: number[] }> {
  const tab = await context.newPage()
  const cdp = await context.newCDPSession(tab)
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
  await tab.goto(path, { waitUntil: 'load' })
  const seen = await tab.evaluate((selector) => {
    const el = document.getElementById('page-snapshot')
    const h = el?.querySelector(selector)?.getBoundingClientRect()
    return { snapshot: !!el, inert: !!el?.inert, busy: el?.getAttribute('aria-busy') ?? null, appHidden: !!document.getElementById('app')?.hidden, h1: el?.querySelector('h1')?.textContent?.trim() ?? '', box: h ? [h.x, h.y, h.width, h.height] : [] }
  }, landmark)
  if (seen.snapshot)
    await snap(tab, `snapshot-before-app-${path.split('/').filter(Boolean).join('-') || 'home'}`)
  await tab.close()
  return seen
}

/** A new tab on `path` with the app: the snapshot goes and `landmark` stands exactly where it stood in it. */
async function appTakesOver(path: string, before: { box: number[] }, landmark = 'h1', name = 'document'): Promise<string[]> {
  const tab = await context.newPage()
  const errors = collectPageErrors(tab)
  await tab.goto(path)
  await tab.waitForFunction(() => !document.getElementById('page-snapshot') && !document.getElementById('app')?.hidden)
  const box = await tab.evaluate((selector) => {
    const r = document.querySelector(`main ${selector}`)!.getBoundingClientRect()
    return [r.x, r.y, r.width, r.height]
  }, landmark)
  expect(box).toEqual(before.box)
  expect(await layoutShift(tab)).toBeLessThanOrEqual(0.02)
  await snap(tab, `snapshot-then-app-${name}`)
  await tab.close()
  return errors
}

describe('page snapshots', () => {
  let documentPath = ''

  it('paints a document seen before at once, then the app takes its place with nothing moving', async () => {
    const errors = collectPageErrors(page)
    await page.goto(`/policies?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
    await page.getByRole('link', { name: '2023年浦东新区政务公开工作要点' }).click()
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    documentPath = new URL(page.url()).pathname
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(snapshotKey(documentPath))

    const before = await beforeTheApp(documentPath)
    expect(before).toMatchObject({ snapshot: true, inert: true, busy: 'true', appHidden: true, h1: '2023年浦东新区政务公开工作要点' })

    // with the app: the snapshot goes, the live page stands exactly where it stood
    const tabErrors = await appTakesOver(documentPath, before)
    expect([...errors, ...tabErrors]).toEqual([])
  })

  it('paints the home page and an interpretation seen before, and the app takes their place as they stand', async () => {
    const errors = collectPageErrors(page)
    // the home page's heading is for screen readers only: its first section's heading is what the eye finds
    await page.goto('/')
    await page.locator('main h2').first().waitFor()
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(snapshotKey('/'))
    const home = await beforeTheApp('/', 'h2')
    expect(home).toMatchObject({ snapshot: true, inert: true, busy: 'true', appHidden: true, h1: await mainHeading(page) })
    errors.push(...await appTakesOver('/', home, 'h2', 'home'))

    await page.goto(documentPath)
    await page.getByRole('link', { name: /一图读懂之前/ }).click()
    await page.waitForURL(/\/interpretations\/\d+$/)
    const title = await mainHeading(page)
    const path = new URL(page.url()).pathname
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(snapshotKey(path))
    const interpretation = await beforeTheApp(path)
    expect(interpretation).toMatchObject({ snapshot: true, inert: true, appHidden: true, h1: title })
    errors.push(...await appTakesOver(path, interpretation, 'h1', 'interpretation'))
    expect(errors).toEqual([])
  })

  it('moves focus to the heading and announces the page once the app has taken over, after a reload', async () => {
    // the library, reached inside the app (so a reload is not the first page of the visit: focus goes to its
    // heading); its title is known before its list is there, while the snapshot still stands in for the app
    await page.goto('/')
    await page.locator('nav a[href="/policies"]').last().click()
    await page.waitForURL(url => url.pathname === '/policies')
    const title = await mainHeading(page)
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(snapshotKey('/policies'))
    expect((await beforeTheApp('/policies')).snapshot).toBe(true)
    // each time the live region says the page is open, whether the snapshot was still standing in for the app
    await page.addInitScript(() => {
      const underSnapshot: boolean[] = []
      Object.assign(window, { underSnapshot })
      new MutationObserver((records) => {
        const said = records.some(r => (r.target instanceof Element ? r.target : r.target.parentElement)?.closest('[aria-live]') && r.target.textContent?.includes('已打开'))
        if (said)
          underSnapshot.push(document.getElementById('page-snapshot') !== null)
      }).observe(document, { subtree: true, childList: true, characterData: true })
    })
    await page.reload()
    await page.waitForFunction(() => !document.getElementById('page-snapshot') && !document.getElementById('app')?.hidden)
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1')
    await expect.poll(() => announced(page)).toContain(`已打开：${title}`)
    // said once the app had taken over, never to a page still hidden behind the snapshot
    const underSnapshot = await page.evaluate(() => (window as unknown as { underSnapshot: boolean[] }).underSnapshot)
    expect(underSnapshot.length).toBeGreaterThan(0)
    expect(underSnapshot).not.toContain(true)
  })

  it('opens a file in a tab as the file, not as the app', async () => {
    const res = await page.goto('/icons/icon-192.png')
    expect(res?.headers()['content-type']).toContain('image/png')
    expect(await page.locator('#app').count()).toBe(0)
  })

  it('is not used once the content changed, nor with other settings', async () => {
    // another version of the answer in the runtime cache: the page the app will show first is not the snapshot's
    await page.evaluate(async ([name, path]) => {
      const cache = await caches.open(name!)
      const api = `/api/documents/${path!.split('/').pop()}`
      const old = await (await cache.match(api))!.json() as { title: string }
      await cache.put(api, new Response(JSON.stringify({ ...old, title: `${old.title}（修订）` }), { headers: { 'content-type': 'application/json', 'date': new Date().toUTCString() } }))
    }, [RUNTIME_CACHES.documents, documentPath])
    expect((await beforeTheApp(documentPath)).snapshot).toBe(false)

    // back to the same version, but 长者模式 turned on since: not used either
    await page.goto(documentPath)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点（修订）')
    await page.evaluate(async ([name, path]) => {
      const cache = await caches.open(name!)
      await cache.delete(`/api/documents/${path!.split('/').pop()}`)
    }, [RUNTIME_CACHES.documents, documentPath])
    await page.goto(documentPath)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    await expect.poll(async () => (await beforeTheApp(documentPath)).snapshot, { timeout: 10_000 }).toBe(true)
    await page.goto('/me')
    await page.getByRole('switch', { name: /长者模式/ }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(true)
    expect((await beforeTheApp(documentPath)).snapshot).toBe(false)
    await page.getByRole('switch', { name: /长者模式/ }).click()
    await expect.poll(() => page.evaluate(() => document.documentElement.classList.contains('elder'))).toBe(false)
  })

  it('shows the resident\'s own state as it is: saving or signing up drops the snapshot, a ticket keeps it out', async () => {
    const key = snapshotKey(documentPath)
    await page.goto(documentPath)
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(key)
    expect(await snapshotHtml(key)).toContain('保存到本机')

    // saved: the snapshot that shows it unsaved goes; the next visit keeps one that shows it saved
    await page.getByRole('button', { name: '保存到本机' }).click()
    await page.getByText('已保存到本机，没有网络也能打开。').waitFor()
    await expect.poll(snapshotKeys).not.toContain(key)
    await page.goto(documentPath)
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(key)
    expect(await snapshotHtml(key)).toContain('从本机移除')
    await page.getByRole('button', { name: '从本机移除' }).click()
    await expect.poll(snapshotKeys).not.toContain(key)
    // and removed with everything else, under 我的 → 离线内容
    await page.getByRole('button', { name: '保存到本机' }).click()
    await page.getByText('已保存到本机，没有网络也能打开。').waitFor()
    await page.goto(documentPath)
    await expect.poll(async () => snapshotHtml(key), { timeout: 10_000 }).toContain('从本机移除')
    await page.goto('/me/offline')
    await page.getByRole('button', { name: '全部移除' }).click()
    await page.getByRole('button', { name: '确定移除' }).click()
    await expect.poll(snapshotKeys).not.toContain(key)

    // an event page seen before the resident signed up: its snapshot goes with the sign-up, and while the page
    // shows their ticket it keeps none
    const { eventId } = await spareIds(baseURL)
    const eventPath = `/events/${eventId}`
    await page.goto(eventPath)
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(snapshotKey(eventPath))
    await page.goto(`${eventPath}/signup`)
    await signUp(page, { name: '快照测试', phone: `137${String(Date.now()).slice(-8)}` })
    await page.waitForURL(/\/me\/tickets\/[A-Z0-9]{10}\?new=1$/)
    await expect.poll(snapshotKeys).not.toContain(snapshotKey(eventPath))
    await page.goto(eventPath)
    await page.getByRole('link', { name: '查看我的报名' }).waitFor()
    // as long as a capture can take: the page is ready, then CAPTURE_AFTER_MS and an idle moment
    await page.waitForTimeout(CAPTURE_AFTER_MS + CAPTURE_IDLE_WAIT_MS + 1000)
    expect(await snapshotKeys()).not.toContain(snapshotKey(eventPath))
    expect((await beforeTheApp(eventPath)).snapshot).toBe(false)
  })

  it('forgets them all when the document text size changes, and a policy page that shows a question its asker deleted', async () => {
    const key = snapshotKey(documentPath)
    await page.goto(documentPath)
    await expect.poll(snapshotKeys, { timeout: 10_000 }).toContain(key)
    // made at the default size only: a larger one drops every snapshot, and the page keeps none while it lasts
    await page.getByRole('button', { name: '放大字号' }).click()
    await expect.poll(snapshotKeys).toEqual([])
    await page.getByRole('button', { name: '缩小字号' }).click()

    // a question on the policy, answered and public, then deleted by its asker from 我的提问
    const question = `快照测试：删除后本机还显示吗？（${Date.now()}）`
    await page.goto(documentPath)
    await page.getByLabel('您的问题').fill(question)
    await page.getByRole('button', { name: '提交问题' }).click()
    await expect.poll(() => page.getByText('已提交，待部门答复').count()).toBe(1)
    const asked = (await storedList<{ text: string, receiptNumber: string }>(page, 'gongkai.questions')).find(q => q.text === question)!
    const staff = await request.newContext({ baseURL, storageState: staffState() })
    expect(await answerQuestion(staff, (await queuedQuestionId(staff, asked.receiptNumber))!, '本机也会忘记。', '区政务公开办')).toBe(204)
    await staff.dispose()
    const api = `/api${documentPath.replace('/policies', '/documents')}`
    const cachedText = () => page.evaluate(async ([name, url]) => (await (await caches.open(name!)).match(url!, { ignoreVary: true }))?.text() ?? '', [RUNTIME_CACHES.documents, api])
    await expect.poll(async () => {
      await page.goto(documentPath)
      // (the snapshot holds the page's first two screens; the question is further down, in the cached answer)
      return (await snapshotKeys()).includes(key) && (await cachedText()).includes(question)
    }, { timeout: 20_000, interval: CAPTURE_AFTER_MS + CAPTURE_IDLE_WAIT_MS }).toBe(true)

    await page.goto('/me/questions')
    const card = page.locator('li.card', { hasText: question })
    await card.getByRole('button', { name: '删除我的问题' }).click()
    await card.getByRole('button', { name: '确定删除' }).click()
    await expect.poll(() => announced(page)).toContain('您的问题已删除')
    expect(await snapshotKeys()).not.toContain(key)
    expect(await cachedText()).not.toContain(question)
  })
})
