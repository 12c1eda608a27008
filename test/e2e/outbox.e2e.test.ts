import type { APIRequestContext, BrowserContext, Page } from 'playwright-core'
import type { OwnServer } from './support/spawn-server'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlledPhone, fitsPhone, snap } from './support/browser'
import { signUp } from './support/signup'
import { staffApi, startOwnServer } from './support/spawn-server'

// A server of this file's own: staff sign-in needs a second factor whose secret the test knows, and the
// staff API is how the test counts what reached the server.
let server: OwnServer
let staff: APIRequestContext
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startOwnServer()
  staff = await staffApi(server)
  ;({ context, page } = await controlledPhone(server.baseURL))
}, 180_000)
afterAll(async () => {
  await context?.close()
  await staff?.dispose()
  await server?.stop()
})

async function openConsultations(): Promise<Array<{ id: number, title: string }>> {
  return ((await (await staff.get('/api/consultations')).json()) as { open: Array<{ id: number, title: string }> }).open
}
async function consultationId(title: string): Promise<number> {
  return (await openConsultations()).find(c => c.title === title)!.id
}
async function eventId(title: string): Promise<number> {
  const list = await (await staff.get('/api/admin/events')).json() as { items: Array<{ id: number, title: string, status: string }> }
  return list.items.find(e => e.title === title)!.id
}
/** Comments the server holds with this text in them (every state). */
async function commentsWith(id: number, marker: string): Promise<number> {
  const res = await staff.get(`/api/admin/consultations/${id}/comments`)
  expect(res.ok()).toBe(true)
  return ((await res.json()) as { items: Array<{ text: string }> }).items.filter(c => c.text.includes(marker)).length
}
async function registrationsNamed(id: number, name: string) {
  const res = await staff.get(`/api/admin/events/${id}/registrations`)
  expect(res.ok()).toBe(true)
  return ((await res.json()) as { items: Array<{ name: string, status: string }> }).items.filter(r => r.name === name)
}
/** Questions the server holds with this text in them. */
async function questionsWith(marker: string): Promise<number> {
  const res = await staff.get('/api/admin/questions')
  expect(res.ok()).toBe(true)
  return ((await res.json()) as Array<{ text: string }>).filter(q => q.text.includes(marker)).length
}
/** What the outbox holds on the device, read straight from IndexedDB. */
function outboxRows(p: Page) {
  return p.evaluate(() => new Promise<Array<{ key: string, url: string, state: string, body: unknown, headers: Record<string, string> }>>((resolve, reject) => {
    const open = indexedDB.open('gongkai-outbox')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const db = open.result
      if (!db.objectStoreNames.contains('items')) {
        db.close()
        return resolve([])
      }
      const all = db.transaction('items').objectStore('items').getAll()
      all.onsuccess = () => {
        db.close()
        resolve(all.result as never)
      }
    }
  }))
}

describe('the outbox: written offline, sent once when the connection returns', () => {
  it('keeps a comment made offline through a reload, sends it once with two tabs open, and it becomes a receipt', async () => {
    const id = await consultationId('长者食堂运营管理办法（征求意见稿）')
    const marker = `离线意见-${randomUUID().slice(0, 8)}`
    await page.goto(`/interact/consultations/${id}/comment?article=c-4`)
    await page.getByLabel('您的意见').waitFor()

    await context.setOffline(true)
    await page.getByLabel('您的意见').fill(`${marker}：建议在菜单上标出低盐低糖的菜品。`)
    await page.getByRole('button', { name: '提交意见' }).click()
    const queued = page.getByRole('status').filter({ hasText: '已保存在本机，联网后自动发送' })
    await queued.waitFor()
    expect(await queued.textContent()).toContain('网络恢复后会自动提交')
    await fitsPhone(page)
    await snap(page, 'outbox-comment-queued')

    await queued.getByRole('link', { name: '查看我的意见与回执' }).click()
    const waiting = page.locator('.outbox-item', { hasText: marker })
    await waiting.waitFor()
    expect(await waiting.textContent()).toContain('待发送')
    expect(await waiting.textContent()).toContain('第四条')

    // reloaded with no network: the shell comes from the service worker, the comment from IndexedDB
    await page.reload()
    await waiting.waitFor()
    expect(await waiting.textContent()).toContain('待发送')
    await fitsPhone(page)
    await snap(page, 'outbox-comment-waiting')
    const [row] = await outboxRows(page)
    expect(row).toMatchObject({ state: 'waiting', url: `/api/consultations/${id}/comments` })
    expect(await commentsWith(id, marker)).toBe(0)

    // 我的 counts it, in a second tab that will also try to send when the connection returns
    const second = await context.newPage()
    await second.goto('/me')
    await expect.poll(() => second.locator('#me-receipts').locator('..').textContent()).toContain('1 条待发送')
    await snap(second, 'outbox-me-waiting')

    await context.setOffline(false)
    const receipt = page.locator('.receipts__link', { hasText: marker })
    await receipt.waitFor({ timeout: 20_000 })
    expect(await receipt.textContent()).toMatch(/YJ-\d{8}-[A-Z2-9]{4}/)
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(0)
    await expect.poll(() => second.locator('#me-receipts').locator('..').textContent()).not.toContain('待发送')
    expect(await commentsWith(id, marker)).toBe(1)
    expect(await outboxRows(page)).toEqual([])
    await snap(page, 'outbox-comment-sent')

    // a forced second send of exactly what the outbox held (its key, headers and body) is a replay: still one comment
    const receiptNumber = (await receipt.textContent())!.match(/YJ-\d{8}-[A-Z2-9]{4}/)![0]
    const replay = await page.evaluate(async (r) => {
      const res = await fetch(r.url, { method: 'POST', headers: { ...r.headers, 'content-type': 'application/json', 'idempotency-key': r.key }, body: JSON.stringify(r.body) })
      return { status: res.status, body: await res.json() as { receiptNumber: string } }
    }, row!)
    expect(replay).toMatchObject({ status: 201, body: { receiptNumber } })
    expect(await commentsWith(id, marker)).toBe(1)
    await second.close()
  })

  it('queues a sign-up for a full event offline; online, the server waitlists it and the ticket says 候补, with no phone number kept', async () => {
    const id = await eventId('一滴水的旅程：闵行水厂开放日')
    const name = `离线报名${randomUUID().slice(0, 4)}`
    const phone = `139${String(Date.now()).slice(-8)}`
    await page.goto(`/events/${id}/signup`)
    await page.getByLabel('姓名', { exact: true }).waitFor()

    await context.setOffline(true)
    await signUp(page, { name, phone })
    const queued = page.getByRole('status').filter({ hasText: '已保存在本机，联网后自动发送' })
    await queued.waitFor()
    await fitsPhone(page)
    await snap(page, 'outbox-signup-queued')

    await queued.getByRole('link', { name: '查看我的报名' }).click()
    const waiting = page.locator('.outbox-item', { hasText: '一滴水的旅程' })
    await waiting.waitFor()
    await page.reload()
    await waiting.waitFor()
    expect(await waiting.textContent()).toContain('待发送')
    expect(await waiting.textContent()).toContain('1 人报名')
    await fitsPhone(page)
    await snap(page, 'outbox-signup-waiting')
    expect(await registrationsNamed(id, name)).toEqual([])

    await context.setOffline(false)
    const ticket = page.locator('.mine__item', { hasText: '一滴水的旅程' })
    await ticket.waitFor({ timeout: 20_000 })
    expect(await ticket.textContent()).toContain('候补中')
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(0)
    expect(await registrationsNamed(id, name)).toEqual([expect.objectContaining({ status: 'waitlisted' })])
    // nothing personal stays on the device: not in the ticket store, not in the outbox
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }))).not.toContain(phone)
    expect(JSON.stringify(await outboxRows(page))).not.toContain(phone)
    await snap(page, 'outbox-signup-sent')

    // the ticket says the place in the queue the server gave it, as the staff list counts it
    const [row] = await registrationsNamed(id, name) as Array<{ waitlistPosition?: number }>
    expect(row!.waitlistPosition).toBeGreaterThan(0)
    await ticket.getByRole('link').click()
    await expect.poll(() => page.locator('main').textContent()).toContain(`候补第 ${row!.waitlistPosition} 位`)
  })

  it('keeps a question asked offline and sends it once when the connection returns; 我的提问 shows its receipt', async () => {
    const docs = await (await staff.get(`/api/documents?q=${encodeURIComponent('长者食堂')}`)).json() as { items: Array<{ id: number, title: string }> }
    const doc = docs.items.find(d => d.title === '浦东新区长者食堂建设和运营管理办法')!
    const marker = `离线提问-${randomUUID().slice(0, 8)}`
    const question = `${marker}：长者食堂周末也供餐吗？`
    await page.goto(`/policies/${doc.id}`)
    await page.getByLabel('您的问题').waitFor()

    await context.setOffline(true)
    await page.getByLabel('您的问题').fill(question)
    await page.getByRole('button', { name: '提交问题' }).click()
    const queued = page.getByRole('status').filter({ hasText: '已保存在本机，联网后自动发送' })
    await queued.waitFor()
    expect(await queued.textContent()).toContain('网络恢复后会自动提交')
    await queued.scrollIntoViewIfNeeded()
    await fitsPhone(page)
    await snap(page, 'outbox-question-queued')
    const [row] = await outboxRows(page)
    expect(row).toMatchObject({ state: 'waiting', url: `/api/documents/${doc.id}/questions` })
    expect(await questionsWith(marker)).toBe(0)

    await queued.getByRole('link', { name: '查看我的提问' }).click()
    const waiting = page.locator('.outbox-item', { hasText: marker })
    await waiting.waitFor()
    expect(await waiting.textContent()).toContain('待发送')

    await context.setOffline(false)
    // sent: the waiting card gives way to the question with its receipt
    const sent = page.locator('main li', { hasText: question }).filter({ hasText: '回执编号' })
    await sent.waitFor({ timeout: 20_000 })
    expect(await sent.textContent()).toContain('待答复')
    await expect.poll(() => page.locator('.outbox-item').count()).toBe(0)
    expect(await outboxRows(page)).toEqual([])
    expect(await questionsWith(marker)).toBe(1)
    await fitsPhone(page)
    await snap(page, 'outbox-question-sent')
  })

  it('shows a comment that can no longer be sent (the consultation closed meanwhile) with the reason and the text to copy', async () => {
    // another open consultation than the first test's: this one is closed by staff below
    const id = (await openConsultations()).find(c => !c.title.startsWith('长者食堂'))!.id
    const marker = `关闭后-${randomUUID().slice(0, 8)}`
    await page.goto(`/interact/consultations/${id}/comment`)
    await page.getByLabel('您的意见').waitFor()
    await context.setOffline(true)
    await page.getByLabel('您的意见').fill(`${marker}：充电桩请装在室外。`)
    await page.getByRole('button', { name: '提交意见' }).click()
    await page.getByRole('status').filter({ hasText: '已保存在本机' }).waitFor()

    const closed = await staff.patch(`/api/admin/consultations/${id}/window`, { data: { closesAt: new Date(Date.now() - 1000).toISOString() } })
    expect(closed.ok()).toBe(true)

    await page.goto('/me/receipts')
    await context.setOffline(false)
    const failed = page.locator('.outbox-item', { hasText: marker })
    await expect.poll(() => failed.textContent(), { timeout: 20_000 }).toContain('已无法提交')
    expect(await failed.textContent()).toContain('您写的内容')
    expect(await failed.getByRole('button', { name: '复制内容' }).count()).toBe(1)
    expect(await commentsWith(id, marker)).toBe(0)
    await fitsPhone(page)
    await failed.scrollIntoViewIfNeeded()
    await snap(page, 'outbox-comment-closed')

    // it stays after a reload, in English and 长者模式 too, until the resident deletes it
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'en', elderMode: true, elderOffered: true })))
    await page.reload()
    await failed.waitFor()
    expect(await failed.textContent()).toContain('Can no longer be sent')
    expect(await failed.textContent()).toContain('What you wrote:')
    await failed.scrollIntoViewIfNeeded()
    await snap(page, 'outbox-comment-closed-en-elder')
    await fitsPhone(page)
    await failed.getByRole('button', { name: 'Delete from this device' }).click()
    await expect.poll(() => failed.count()).toBe(0)
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: false, elderOffered: true })))
  })
})
