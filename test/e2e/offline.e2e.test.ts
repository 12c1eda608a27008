import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { persistentPhone, snap } from './support/browser'

const baseURL = inject('baseURL')
let context: BrowserContext
let page: Page

beforeAll(async () => {
  context = await persistentPhone(baseURL)
  page = context.pages()[0] ?? await context.newPage()
})
afterAll(() => context?.close())

const h1 = () => page.locator('main h1').first().textContent().then(s => s?.trim())

describe('reading offline', () => {
  it('opens a document read online after going offline, on reload and from a deep link', async () => {
    await page.goto('/')
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      // the first visit is not yet controlled by the service worker: wait until it is
      if (!navigator.serviceWorker.controller)
        await new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
    })
    await page.goto(`/policies?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
    await page.getByRole('link', { name: '2023年浦东新区政务公开工作要点' }).click()
    await expect.poll(h1).toBe('2023年浦东新区政务公开工作要点')
    const documentUrl = page.url()
    await page.goto('/interpretations/1')
    await page.locator('main h1').first().waitFor()
    const interpretationTitle = await h1()

    await context.setOffline(true)
    await page.goto(documentUrl)
    await expect.poll(h1).toBe('2023年浦东新区政务公开工作要点')
    expect(await page.getByRole('status').filter({ hasText: '当前离线' }).count()).toBe(1)
    await snap(page, 'offline-document')

    // a deep link to a part, typed or shared, opens from the device too
    await page.goto(`${documentUrl}#p3`)
    await expect.poll(() => page.evaluate(() => document.getElementById('p3')?.textContent ?? '')).toContain('三、')
    await page.reload()
    await expect.poll(h1).toBe('2023年浦东新区政务公开工作要点')

    await page.goto('/interpretations/1')
    await expect.poll(h1).toBe(interpretationTitle)

    await context.setOffline(false)
    await page.reload()
    await expect.poll(() => page.getByRole('status').filter({ hasText: '当前离线' }).count()).toBe(0)
  })
})
