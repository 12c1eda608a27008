import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fitsPhone, launchBrowser, phoneContext, snap } from './support/browser'
import { spareIds } from './support/global-server'

// PIPL: a resident deletes their own comment and their own sign-up with the device's token, from 我的.
const baseURL = inject('baseURL')
let browser: Browser
let consultationId: number
let eventId: number

beforeAll(async () => {
  browser = await launchBrowser()
  ;({ consultationId, eventId } = await spareIds(baseURL))
})
afterAll(() => browser?.close())

const announced = (page: Page) => page.locator('[role="status"][aria-live="polite"]').last().textContent()

describe('a resident deletes what they sent', () => {
  it('deletes a comment from its receipt: asked inline first, then gone from the device and the server', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/interact/consultations/${consultationId}/comment`)
    await page.getByLabel('您的意见').fill('请删除测试：希望公布加装电梯的补贴发放进度。')
    await page.getByRole('button', { name: '提交意见' }).click()
    await page.waitForURL(/\/me\/receipts\/YJ-/)
    const receiptNumber = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    const token = await page.evaluate(n => (JSON.parse(localStorage.getItem('gongkai.receipts') ?? '[]') as Array<{ receiptNumber: string, token: string }>).find(r => r.receiptNumber === n)!.token, receiptNumber)

    const remove = page.getByRole('button', { name: '删除我的意见' })
    await remove.click()
    // the inline question: focus on "keep", and "keep" puts everything back
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('不删除')
    expect(await page.getByRole('group', { name: '删除我的意见' }).textContent()).toContain('删除后不能恢复')
    await fitsPhone(page)
    await snap(page, 'delete-comment-confirm')
    await page.getByRole('button', { name: '不删除' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('删除我的意见')

    await remove.click()
    await page.getByRole('button', { name: '确定删除' }).click()
    await page.waitForURL(url => url.pathname === '/me/receipts')
    await expect.poll(() => announced(page)).toContain('您的意见已删除')
    expect(await page.locator('main').textContent()).not.toContain(receiptNumber)
    const gone = await fetch(`${baseURL}/api/receipts/${receiptNumber}`, { headers: { 'x-receipt-token': token } })
    expect(gone.status).toBe(404)
    await context.close()
  })

  it('deletes a sign-up from its ticket: the place is freed and the ticket leaves the device, in 长者模式 too', async () => {
    const context = await phoneContext(browser, baseURL)
    await context.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true })))
    const page = await context.newPage()
    const before = (await (await fetch(`${baseURL}/api/events/${eventId}`)).json()).placesLeft as number
    await page.goto(`/events/${eventId}/signup`)
    await page.getByLabel('姓名', { exact: true }).fill('赵阿姨')
    await page.getByLabel('手机号', { exact: true }).fill('13600005678')
    await page.locator('#su-consent').check()
    await page.locator('.signup__submit').click()
    await page.waitForURL(/\/me\/tickets\/[A-Z0-9]+/)
    const code = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(async () => (await (await fetch(`${baseURL}/api/events/${eventId}`)).json()).placesLeft, { timeout: 5000 }).toBe(before - 1)

    await page.getByRole('button', { name: '删除我的报名信息' }).click()
    const yes = page.getByRole('button', { name: '确定删除' })
    const box = await yes.boundingBox()
    expect(box!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'delete-signup-confirm-elder')
    await yes.click()
    await page.waitForURL(url => url.pathname === '/me/tickets')
    await expect.poll(() => announced(page)).toContain('您的报名信息已删除')
    expect(await page.evaluate(() => localStorage.getItem('gongkai.registrations') ?? '')).not.toContain(code)
    // the read cache holds an event for a second at most: the freed place shows within that
    await expect.poll(async () => (await (await fetch(`${baseURL}/api/events/${eventId}`)).json()).placesLeft, { timeout: 5000 }).toBe(before)
    await context.close()
  })
})
