import type { Browser, BrowserContext, Page } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, phoneContext, snap } from './support/browser'
import { spareIds } from './support/global-server'
import { staffContext, staffPage } from './support/staff'

// Residents report a published comment; three devices hide it until a moderator looks. The comment is this
// file's own, on SPARE_CONSULTATION: consultations.e2e.test.ts moderates the other consultation.
const baseURL = inject('baseURL')
let browser: Browser
let staff: BrowserContext
let consultationId: number

beforeAll(async () => {
  browser = await launchBrowser()
  staff = await staffContext(browser, baseURL)
  ;({ consultationId } = await spareIds(baseURL))
})
afterAll(async () => {
  await staff?.close()
  await browser?.close()
})

/** A comment on the whole draft, sent as the form sends it and published by a moderator through the API. */
async function publishedComment(text: string): Promise<{ id: number, receiptNumber: string }> {
  const sent = await staff.request.post(`/api/consultations/${consultationId}/comments`, {
    headers: { 'origin': baseURL, 'idempotency-key': randomUUID() },
    data: { text, commenterType: 'individual', consent: false },
  })
  expect(sent.status()).toBe(201)
  const comment = await sent.json() as { id: number, receiptNumber: string }
  const approved = await staff.request.post(`/api/admin/consultations/${consultationId}/comments/moderate`, {
    headers: { origin: baseURL },
    data: { ids: [comment.id], action: 'approve' },
  })
  expect(approved.status()).toBe(200)
  return comment
}

async function publicTexts() {
  const res = await fetch(`${baseURL}/api/consultations/${consultationId}/comments`)
  return ((await res.json()) as { items: Array<{ text: string }> }).items.map(c => c.text)
}
function activeElement(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null
    return { tag: el?.tagName.toLowerCase(), type: el?.type, value: el?.value, text: el?.textContent?.trim() }
  })
}

describe('reporting a comment', () => {
  it('three devices report a published comment: it is hidden until a moderator restores it', async () => {
    const marker = `举报测试-${randomUUID().slice(0, 8)}`
    const { receiptNumber } = await publishedComment(`${marker}：楼里的加装方案应当先公示设计图纸。`)
    expect((await publicTexts()).some(t => t.includes(marker))).toBe(true)

    const devices: BrowserContext[] = []
    let last: Page | undefined
    for (let n = 1; n <= 3; n++) {
      const device = await phoneContext(browser, baseURL)
      devices.push(device)
      const page = await device.newPage()
      const errors = collectPageErrors(page)
      await page.goto(`/interact/consultations/${consultationId}`)
      const item = page.locator('.c-comment', { hasText: marker })
      await item.waitFor()
      const open = item.getByRole('button', { name: '举报', exact: true })

      if (n === 1) {
        // the options take the focus; 取消 gives it back to the button
        await open.click()
        await expect.poll(() => activeElement(page)).toMatchObject({ tag: 'input', type: 'radio', value: 'abusive' })
        expect(await item.getByRole('group', { name: '举报这条意见的原因' }).getByRole('radio').count()).toBe(4)
        await item.scrollIntoViewIfNeeded()
        await fitsPhone(page)
        await snap(page, 'comment-report-open')
        await item.getByRole('button', { name: '取消' }).click()
        await expect.poll(() => activeElement(page)).toMatchObject({ tag: 'button', text: '举报' })
        expect(await item.getByRole('radio').count()).toBe(0)
      }

      await open.click()
      await item.getByRole('radio', { name: '广告或推销' }).check()
      await item.getByRole('button', { name: '提交举报' }).click()
      const outcome = item.getByRole('status')
      if (n < 3) {
        await expect.poll(() => outcome.textContent().then(t => t?.trim())).toBe('已收到您的举报，工作人员会尽快查看。')
        expect((await publicTexts()).some(t => t.includes(marker))).toBe(true)
      }
      else {
        await expect.poll(() => outcome.textContent().then(t => t?.trim())).toBe('已收到您的举报。这条意见已暂时隐藏，等待工作人员审核。')
        await item.scrollIntoViewIfNeeded()
        await snap(page, 'comment-report-hidden')
      }
      expect(errors).toEqual([])
      last = page
    }

    // hidden from the public list, on the page and in the API
    expect((await publicTexts()).some(t => t.includes(marker))).toBe(false)
    await last!.reload({ waitUntil: 'networkidle' })
    await last!.locator('#c-comments').waitFor()
    expect(await last!.locator('.c-comment', { hasText: marker }).count()).toBe(0)

    // the moderation queue says why it is there; approving it brings it back
    const console = await staffPage(staff, `/admin/consultations/${consultationId}`)
    const queue = console.locator('section', { has: console.locator('#ac-queue') })
    const queued = queue.locator('.ac-comment', { hasText: marker })
    await queued.waitFor()
    expect(await queued.textContent()).toContain('3 位居民举报，已暂时隐藏')
    await queued.scrollIntoViewIfNeeded()
    await fitsPhone(console)
    await snap(console, 'comment-report-queue')
    await queued.getByRole('button', { name: new RegExp(`^通过\\s*（${receiptNumber}）$`) }).click()
    await expect.poll(() => queued.count()).toBe(0)
    expect((await publicTexts()).some(t => t.includes(marker))).toBe(true)
    await last!.reload()
    const back = last!.locator('.c-comment', { hasText: marker })
    await back.waitFor()
    // the device that reported it remembers doing so
    expect((await back.getByRole('status').textContent())?.trim()).toBe('您已举报过这条意见。')

    for (const device of devices)
      await device.close()
  })
})
