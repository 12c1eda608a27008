import type { Browser, BrowserContext, Page } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { fitsPhone, launchBrowser, snap } from './support/browser'
import { spareIds } from './support/global-server'
import { staffContext, staffPage } from './support/staff'

// Staff see a resident's phone or contact masked, and in full only for a reason the audit log keeps
// (components/admin/AdminReveal.vue): an asker's contact, a commenter's, a registrant's phone.
const baseURL = inject('baseURL')
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
  context = await staffContext(browser, baseURL)
})
afterAll(() => browser?.close())

/** A resident's write through the API, as the app sends it. */
async function post(path: string, body: unknown): Promise<unknown> {
  const res = await fetch(`${baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'origin': baseURL, 'idempotency-key': randomUUID() }, body: JSON.stringify(body) })
  expect(res.status).toBe(201)
  return res.json()
}

/** In the card holding `text`: the masked value, shown in full after a reason; answers what the page then shows. */
async function revealIn(page: Page, card: ReturnType<Page['locator']>, masked: string, full: string) {
  await expect.poll(() => card.locator('.reveal__value').textContent()).toBe(masked)
  await card.getByRole('button', { name: '查看完整' }).click()
  const reason = card.getByLabel('查看原因（将记入审计日志）')
  await expect.poll(() => reason.evaluate(el => el === document.activeElement)).toBe(true)
  await fitsPhone(page)
  await reason.fill('需要电话核实反映的情况')
  await card.getByRole('button', { name: '确认查看' }).click()
  await expect.poll(() => card.locator('.reveal__value').textContent()).toBe(full)
  expect(await card.getByRole('button', { name: '查看完整' }).count()).toBe(0)
}

describe('staff see personal data in full only for a reason', () => {
  it('shows an asker\'s contact, a commenter\'s and a registrant\'s phone in full after a reason', async () => {
    const { consultationId, eventId } = await spareIds(baseURL)
    const documents = await (await fetch(`${baseURL}/api/documents?limit=1`)).json() as { items: Array<{ id: number }> }
    const question = `联系方式测试：加装电梯补贴怎么申请？（${Date.now()}）`
    await post(`/api/documents/${documents.items[0]!.id}/questions`, { text: question, contact: 'wang.reveal@example.com', consent: true })
    const comment = `联系方式测试：希望补贴标准再提高一些。（${Date.now()}）`
    await post(`/api/consultations/${consultationId}/comments`, { text: comment, commenterType: 'individual', contact: '13955556666', consent: true })
    await post(`/api/events/${eventId}/registrations`, { name: '核实测试', phone: '13744448888', partySize: 1, consent: true })

    const page = await staffPage(context, '/admin/questions')
    const asked = page.locator('article', { hasText: question })
    await revealIn(page, asked, 'w***@example.com', 'wang.reveal@example.com')
    await snap(page, 'staff-reveal-question-contact')

    await staffPage(page, `/admin/consultations/${consultationId}`)
    const commented = page.locator('li', { hasText: comment })
    await revealIn(page, commented, '139****6666', '13955556666')

    await staffPage(page, `/admin/events/${eventId}`)
    const registrant = page.locator('li', { hasText: '核实测试' })
    await revealIn(page, registrant, '137****8888', '13744448888')
    await snap(page, 'staff-reveal-phone')
    await page.close()
  })
})
