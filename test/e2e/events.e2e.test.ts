import type { Browser } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, mainHeading, phoneContext, snap } from './support/browser'
import { signUp } from './support/signup'
import { staffContext, staffPage } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const OPEN_EVENT = '走进区行政服务中心：看“一网通办”怎么办'

describe('政府开放月 sign-up on a phone', () => {
  it('signs up, sees the ticket with its QR code, adds it to the calendar, opens it offline and cancels', async () => {
    const context = await phoneContext(browser, baseURL, { serviceWorkers: 'allow' })
    const page = await context.newPage()
    const errors = collectPageErrors(page)

    await page.goto('/events')
    await expect.poll(() => mainHeading(page)).toBe('活动')
    await expect.poll(() => page.locator('.event-card').count()).toBeGreaterThanOrEqual(5)
    expect(await page.locator('.event-card', { hasText: '一滴水的旅程' }).textContent()).toContain('名额已满，可候补')
    expect(await page.locator('.event-card', { hasText: '社区卫生服务中心开放日' }).textContent()).toContain('活动已取消')
    await fitsPhone(page)
    await snap(page, 'events-list')

    // the month view is one tap away; the list stays the default
    await page.getByRole('button', { name: '月历' }).click()
    await expect.poll(() => page.locator('.event-month__grid').count()).toBe(1)
    await fitsPhone(page)
    await snap(page, 'events-month')
    await page.getByRole('button', { name: '列表' }).click()

    // before open month: support a proposed theme, once
    await page.getByRole('link', { name: '想走进哪里？提建议、为建议点赞' }).click()
    await expect.poll(() => mainHeading(page)).toBe('开放月主题征集')
    const top = page.locator('.proposal').first()
    await expect.poll(() => top.textContent()).toContain('86 人支持')
    await top.getByRole('button', { name: /^支持建议/ }).click()
    await expect.poll(() => top.textContent()).toContain('87 人支持')
    expect(await top.getByRole('button', { name: /^支持建议/ }).isDisabled()).toBe(true)
    await fitsPhone(page)
    await snap(page, 'events-proposals')
    await page.getByRole('button', { name: '返回' }).click()
    await page.waitForURL(url => url.pathname === '/events')

    // filter chips
    await page.getByRole('button', { name: '杨浦区' }).click()
    await expect.poll(() => page.locator('.event-card').count()).toBe(2)
    await page.getByRole('button', { name: '杨浦区' }).click()
    await expect.poll(() => page.locator('.event-card').count()).toBeGreaterThanOrEqual(5)

    await page.getByRole('link', { name: OPEN_EVENT }).click()
    await page.waitForURL(/\/events\/\d+$/)
    await expect.poll(() => mainHeading(page)).toBe(OPEN_EVENT)
    expect(await page.getByRole('link', { name: '在地图中打开' }).getAttribute('href')).toContain('uri.amap.com')
    expect(await page.locator('.event__programme').textContent()).toContain('体验')
    expect(await page.locator('.event__signup').textContent()).toContain('剩余 20 个名额')
    await fitsPhone(page)
    await snap(page, 'event-page')

    await page.getByRole('link', { name: '报名', exact: true }).click()
    await page.waitForURL(/\/signup$/)
    await expect.poll(() => mainHeading(page)).toContain('报名：')
    const consent = page.getByLabel('我同意主办单位为本次活动使用我的姓名和手机号。')
    expect(await consent.isChecked()).toBe(false)
    expect(await page.locator('.signup__notice').textContent()).toContain('活动结束后 30 天内删除')

    // a failed submission keeps what was typed and ties each error to its field
    await signUp(page, { name: '王小明', phone: '1391234', consent: false })
    await expect.poll(() => page.locator('#su-phone-error').textContent()).toContain('11 位手机号')
    expect(await page.getByLabel('手机号', { exact: true }).getAttribute('aria-describedby')).toContain('su-phone-error')
    expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('王小明')
    expect(await page.locator('#su-consent-error').count()).toBe(1)
    await fitsPhone(page)
    await snap(page, 'event-signup-errors')

    const signupUrl = page.url()
    await signUp(page, { phone: '13912345678', partySize: 2 })
    await page.waitForURL(/\/me\/tickets\/[A-Z0-9]{10}\?new=1$/)
    await expect.poll(() => mainHeading(page)).toBe('报名成功')
    const code = (await page.locator('.ticket__code').textContent())!.trim()
    expect(code).toMatch(/^[A-Z0-9]{10}$/)
    const qr = page.getByRole('img', { name: `入场二维码，报名编号 ${code}` })
    expect(await qr.count()).toBe(1)
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(200)
    await fitsPhone(page)
    await snap(page, 'event-ticket')

    // the same phone again: refused at the phone field, in the resident's language, with what was typed kept
    await page.goto(signupUrl)
    await signUp(page, { name: '王小明', phone: '13912345678' })
    await expect.poll(() => page.locator('#su-phone-error').textContent()).toContain('这个手机号已报名本场活动')
    expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('王小明')
    expect(page.url()).toBe(signupUrl)
    await page.goto(`/me/tickets/${code}`)
    await expect.poll(() => page.locator('.ticket__code').textContent()).toBe(code)

    // add to calendar: the link is a valid iCalendar event in Shanghai time
    const href = (await page.getByRole('link', { name: '添加到日历' }).getAttribute('href'))!
    const ics = await page.request.get(href)
    expect(ics.status()).toBe(200)
    expect(ics.headers()['content-type']).toContain('text/calendar')
    const body = await ics.text()
    expect(body).toContain('BEGIN:VEVENT')
    expect(body).toMatch(/DTSTART;TZID=Asia\/Shanghai:\d{8}T093000/)
    expect(body).not.toContain('13912345678')
    expect(body).not.toContain('王小明')

    // the device keeps the registration, never the phone number
    const stored = await page.evaluate(() => localStorage.getItem('gongkai.registrations') ?? '')
    expect(stored).toContain(code)
    expect(stored).not.toContain('13912345678')
    expect(stored).not.toContain('王小明')

    // the ticket opens with no network, from what the device saved
    await page.waitForFunction(async () => (await navigator.serviceWorker.getRegistration())?.active != null, undefined, { timeout: 30_000 })
    await page.reload()
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 15_000 })
    await context.setOffline(true)
    await page.goto(`/me/tickets/${code}`)
    await expect.poll(() => page.locator('.ticket__code').textContent()).toBe(code)
    await expect.poll(() => page.getByRole('img', { name: `入场二维码，报名编号 ${code}` }).count()).toBe(1)
    await expect.poll(() => page.locator('.notice', { hasText: '当前离线' }).count()).toBe(1)
    await snap(page, 'event-ticket-offline')
    await context.setOffline(false)

    // 我的 lists it; cancel from the ticket
    await page.goto('/me')
    await page.getByRole('link', { name: '我的报名与票券' }).click()
    await page.getByRole('link', { name: OPEN_EVENT }).click()
    await page.waitForURL(new RegExp(`/me/tickets/${code}$`))
    await page.getByRole('button', { name: '取消报名' }).click()
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('不取消')
    await snap(page, 'event-ticket-cancel-confirm')
    await page.getByRole('button', { name: '确定取消' }).click()
    await expect.poll(() => page.locator('.notice', { hasText: '报名已取消' }).count()).toBe(1)
    expect(await page.locator('.ticket__facts').textContent()).toContain('已取消')
    expect(await page.locator('.ticket__qr').count()).toBe(0)
    expect((await page.request.get(href)).status()).toBe(404)
    await snap(page, 'event-ticket-cancelled')

    // the browser logs the refused second sign-up's 409, and the offline fetches; nothing else
    expect(errors.filter(e => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual(['Failed to load resource: the server responded with a status of 409 (Conflict)'])
    await context.close()
  })
})

describe('长者模式', () => {
  it('keeps the event page and the sign-up form readable with large text and 60 px primary buttons', async () => {
    const context = await phoneContext(browser, baseURL)
    await context.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true, locale: 'zh-CN' })))
    const page = await context.newPage()
    const list = await (await page.request.get('/api/events')).json() as { items: Array<{ id: number, title: string, signup: string }> }
    const open = list.items.find(e => e.signup === 'open')!
    await page.goto(`/events/${open.id}`)
    await expect.poll(() => mainHeading(page)).toBe(open.title)
    const primary = page.locator('.event__signup .button--primary')
    expect((await primary.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'event-page-elder')
    await primary.click()
    await page.waitForURL(/\/signup$/)
    await expect.poll(() => page.locator('.signup__submit').count()).toBe(1)
    expect((await page.locator('.signup__submit').boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'event-signup-elder')
    await context.close()
  })
})

describe('check-in at the door', () => {
  it('checks a registrant in with the network off and syncs once it is back', async () => {
    const context = await staffContext(browser, baseURL)
    const list = await (await context.request.get('/api/events?hasPlaces=true')).json() as { items: Array<{ id: number, title: string }> }
    const event = list.items.find(e => e.title.includes('12345'))!
    const signUp = await context.request.post(`/api/events/${event.id}/registrations`, {
      headers: { 'origin': baseURL, 'idempotency-key': randomUUID() },
      data: { name: '李阿姨', phone: '13800138000', partySize: 2, consent: true },
    })
    expect(signUp.status()).toBe(201)
    const reg = await signUp.json() as { code: string, ticket: string }

    const page = await staffPage(context)
    await page.getByRole('link', { name: '活动管理' }).click()
    await page.waitForURL(/\/admin\/events$/)
    await page.getByRole('link', { name: event.title }).click()
    await page.waitForURL(/\/admin\/events\/\d+$/)
    await expect.poll(() => page.locator('.ar-item').count()).toBeGreaterThanOrEqual(1)
    expect(await page.locator('.ar-item', { hasText: reg.code }).textContent()).toContain('138****8000')
    await fitsPhone(page)
    await snap(page, 'event-admin')

    await page.getByRole('link', { name: '入场签到' }).click()
    await page.waitForURL(/\/checkin$/)
    await page.getByRole('button', { name: '下载名单（离线可用）' }).click()
    await expect.poll(() => page.locator('.door-bar').textContent()).toContain('名单已下载')

    await context.setOffline(true)
    const field = page.getByLabel('报名编号或二维码内容')
    // a forged ticket fails the signature check offline
    await field.fill(reg.ticket.replace(/\.[\w-]+$/, '.AAAA'))
    await page.getByRole('button', { name: '签到', exact: true }).click()
    await expect.poll(() => page.locator('.door-outcome').textContent()).toContain('签名无效')
    // the real QR content is accepted once
    await field.fill(reg.ticket)
    await page.getByRole('button', { name: '签到', exact: true }).click()
    await expect.poll(() => page.locator('.door-outcome').textContent()).toContain('签到成功：李阿姨，2 人')
    await expect.poll(() => page.locator('.door-queue').textContent()).toBe('待同步：1 条')
    await field.fill(reg.code)
    await page.getByRole('button', { name: '签到', exact: true }).click()
    await expect.poll(() => page.locator('.door-outcome').textContent()).toContain('此票已于')
    await fitsPhone(page)
    await snap(page, 'event-checkin-offline')

    await context.setOffline(false)
    await expect.poll(() => page.locator('.door-queue').textContent(), { timeout: 10_000 }).toBe('待同步：0 条')
    const server = await (await context.request.get(`/api/admin/events/${event.id}/registrations`)).json() as { items: Array<{ code: string, checkedInAt: string | null }> }
    expect(server.items.find(r => r.code === reg.code)!.checkedInAt).not.toBeNull()
    const counts = await (await context.request.get(`/api/admin/events/${event.id}`)).json() as { checkedIn: number }
    expect(counts.checkedIn).toBe(1)
    await snap(page, 'event-checkin-synced')
    await context.close()
  })
})
