import type { Browser } from 'playwright-core'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, mainHeading, phoneContext, snap } from './support/browser'
import { spareIds } from './support/global-server'
import { staffContext, staffPage } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('public consultation on a phone', () => {
  it('comments on one article, a moderator approves it, staff publish the report, and the receipt under 我的 shows the outcome', async () => {
    const resident = await phoneContext(browser, baseURL)
    const page = await resident.newPage()
    const errors = collectPageErrors(page)

    // the 互动 tab lists open consultations with time left
    await page.goto('/interact')
    await expect.poll(() => mainHeading(page)).toBe('互动')
    await expect.poll(() => page.locator('.c-card').count()).toBeGreaterThanOrEqual(3)
    expect(await page.locator('.c-card', { hasText: '长者食堂运营管理办法' }).textContent()).toMatch(/还剩 \d+ 天/)
    await fitsPhone(page)
    await snap(page, 'consultations-list')

    await page.getByRole('link', { name: '长者食堂运营管理办法（征求意见稿）' }).click()
    await expect.poll(() => mainHeading(page)).toBe('长者食堂运营管理办法（征求意见稿）')
    await expect.poll(() => page.locator('#art-c-4').count()).toBe(1)
    expect(await page.locator('.c-facts').textContent()).toContain('已发布意见 2 条')
    await fitsPhone(page)
    await snap(page, 'consultation-page')

    // an article's count shows the comments on that article only
    await page.locator('#art-c-3').getByRole('link', { name: '第三条已有 1 条公开意见' }).click()
    await expect.poll(() => page.locator('.c-comment').count()).toBe(1)
    expect(await page.locator('.c-comment').textContent()).toContain('周末')
    expect(await page.locator('.consultation__filter').textContent()).toContain('正在显示对第三条的意见')

    // tap 对此条提意见 on 第四条
    const article = page.locator('#art-c-4')
    await article.scrollIntoViewIfNeeded()
    await snap(page, 'consultation-article')
    await article.getByRole('link', { name: /对此条提意见/ }).click()
    await page.waitForURL(/\/comment\?article=c-4$/)
    await expect.poll(() => mainHeading(page)).toBe('提意见')
    expect(await page.locator('.form-target').textContent()).toContain('第四条')

    // a failed submission keeps the text and ties the error to its field
    const text = page.getByLabel('您的意见')
    await page.getByLabel('联系方式（可不填）').fill('13912345678')
    await text.fill('建议把优惠年龄放宽到六十五周岁，并公示每月的菜单。')
    expect(await page.locator('#comment-text-count').textContent()).toContain('25 / 2000')
    expect(await page.getByRole('checkbox', { name: /我同意工作人员/ }).isChecked()).toBe(false)
    await page.getByRole('button', { name: '提交意见' }).click()
    const consent = page.getByRole('checkbox', { name: /我同意工作人员/ })
    await expect.poll(() => consent.getAttribute('aria-describedby')).toContain('comment-consent-error')
    expect(await page.locator('#comment-consent-error').textContent()).toContain('请勾选同意')
    expect(await text.inputValue()).toContain('六十五周岁')
    await snap(page, 'consultation-form-error')
    await consent.check()
    await page.getByLabel('署名（可不填）').fill('长桥居民')
    await page.getByRole('button', { name: '提交意见' }).click()

    await page.waitForURL(/\/me\/receipts\/YJ-\d{8}-[A-Z2-9]{4}\?new=1$/)
    await expect.poll(() => mainHeading(page)).toBe('意见回执')
    const receiptNumber = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    expect(await page.locator('.receipt').textContent()).toContain('审核中')
    expect(await page.locator('.receipt').textContent()).toContain('第四条')
    await fitsPhone(page)
    await snap(page, 'consultation-receipt-pending')

    // a moderator approves it in the console
    const staffPhone = await staffContext(browser, baseURL)
    const staff = await staffPage(staffPhone)
    await staff.getByRole('link', { name: /征求意见：审核/ }).click()
    await staff.waitForURL(/\/admin\/consultations$/)
    await staff.getByRole('link', { name: '长者食堂运营管理办法（征求意见稿）' }).click()
    await staff.waitForURL(/\/admin\/consultations\/\d+$/)
    const queue = staff.locator('section', { has: staff.locator('#ac-queue') })
    await expect.poll(() => queue.textContent()).toContain(receiptNumber)
    expect(await queue.textContent()).toContain('139****5678')
    expect(await queue.textContent()).not.toContain('13912345678')
    await fitsPhone(staff)
    await snap(staff, 'consultation-admin-queue')
    await staff.getByRole('button', { name: new RegExp(`^通过\\s*（${receiptNumber}）$`) }).click()
    // gone from the queue (other files' comments may wait there: only this one is checked)
    await expect.poll(() => queue.textContent()).not.toContain(receiptNumber)

    // published: it shows on the public page, the article's count goes up
    await page.goto(page.url())
    await expect.poll(() => page.locator('.receipt').textContent()).toContain('已发布')

    // staff end the consultation, publish the final text, decide on every comment and publish the report
    await staff.getByRole('button', { name: '结束征求意见' }).click()
    await staff.getByRole('button', { name: '确定结束' }).click()
    const finalRow = staff.locator('.ac-final__row', { hasText: '征求意见稿第四条' })
    await finalRow.getByLabel('条文内容').fill('长者食堂应当公示菜品价格和用餐优惠标准，对本区户籍六十五周岁以上老年人给予每餐不低于三元的优惠，并每月公示菜单。')
    await staff.getByRole('button', { name: '发布定稿' }).click()
    await expect.poll(() => staff.locator('main').textContent()).toContain('定稿已于')

    await staff.getByRole('checkbox', { name: new RegExp(`选择意见 ${receiptNumber}`) }).check()
    await staff.getByRole('radio', { name: '采纳', exact: true }).check()
    await staff.getByLabel('理由', { exact: true }).fill('已将优惠年龄放宽至六十五周岁，并增加每月公示菜单的要求。')
    await staff.getByLabel('对应的定稿条文').selectOption('c-4')
    await staff.getByRole('button', { name: '保存决定' }).click()
    await expect.poll(() => staff.locator('.ac-comment', { hasText: receiptNumber }).textContent()).toContain('采纳')

    const undecided = staff.locator('.ac-comment', { hasNotText: receiptNumber })
    for (let i = 0; i < await undecided.count(); i++)
      await undecided.nth(i).getByRole('checkbox').check()
    await staff.getByRole('radio', { name: '未采纳', exact: true }).check()
    await staff.getByLabel('理由', { exact: true }).fill('周末供餐将在下一步试点中研究。')
    await staff.getByLabel('对应的定稿条文').selectOption({ index: 0 })
    await staff.getByRole('button', { name: '保存决定' }).click()
    await expect.poll(() => staff.locator('#ac-report').locator('..').textContent()).toContain('未作决定 0 条')
    expect(await staff.locator('#ac-report').locator('..').textContent()).toContain('10 个工作日')
    await staff.getByLabel('主要修改').fill('优惠年龄放宽至六十五周岁；每月公示菜单。')
    await fitsPhone(staff)
    await staff.getByRole('button', { name: '发布采纳情况' }).click()
    await expect.poll(() => staff.locator('#ac-report').locator('..').textContent()).toContain('采纳情况已于')
    await snap(staff, 'consultation-admin-report')

    // the resident sees the outcome on the receipt under 我的
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '我的' }).click()
    await page.waitForURL(url => url.pathname === '/me')
    await page.getByRole('link', { name: '我的意见与回执' }).click()
    await page.waitForURL(url => url.pathname === '/me/receipts')
    await expect.poll(() => page.locator('.receipts__item').first().textContent()).toContain('采纳')
    await snap(page, 'consultation-receipts')
    await page.getByRole('link', { name: new RegExp(receiptNumber) }).click()
    await expect.poll(() => page.locator('.receipt').textContent()).toContain('已将优惠年龄放宽至六十五周岁')
    expect(await page.locator('.r-state').first().textContent()).toContain('采纳')
    expect(await page.locator('.receipt').textContent()).toContain('修改后的条文：第四条')
    await fitsPhone(page)
    await snap(page, 'consultation-receipt-adopted')

    // the consultation page shows the final text beside the draft and the outcome on each comment
    await page.getByRole('link', { name: '长者食堂运营管理办法（征求意见稿）' }).click()
    await expect.poll(() => page.locator('#c-compare').count()).toBe(1)
    expect(await page.locator('#cmp-c-4 del').first().textContent()).toContain('七')
    expect(await page.locator('#cmp-c-4 ins').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('六')]))
    await page.locator('#cmp-c-4').scrollIntoViewIfNeeded()
    await snap(page, 'consultation-compare')
    expect(await page.locator('.c-comment', { hasText: '六十五周岁，并公示' }).textContent()).toContain('采纳')

    expect(errors).toEqual([])
    await resident.close()
    await staffPhone.close()
  })

  it('keeps a comment typed as the consultation closes, and says why it was refused', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/interact')
    await page.getByRole('link', { name: '既有多层住宅加装电梯补贴办法（征求意见稿）' }).click()
    await expect.poll(() => page.locator('.c-stages').count()).toBe(1)
    expect(await page.getByRole('link', { name: '查看政策文件库中的相关文件' }).getAttribute('href')).toMatch(/^\/policies\/\d+$/)
    expect(await page.locator('.c-stages [aria-current="step"]').textContent()).toContain('征求意见')
    await page.locator('.c-stages').scrollIntoViewIfNeeded()
    await snap(page, 'consultation-stages')

    // 长者模式: bigger text, and the primary action is at least 60 px tall
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true })))
    await page.reload()
    const primary = page.getByRole('link', { name: '对整个草案提意见' }).first()
    await expect.poll(async () => (await primary.boundingBox())?.height ?? 0).toBeGreaterThanOrEqual(60)
    await page.locator('#art-bt-1').scrollIntoViewIfNeeded()
    await fitsPhone(page)
    await snap(page, 'consultation-elder')
    await page.evaluate(() => localStorage.removeItem('gongkai.settings'))
    await page.reload()
    await page.getByRole('link', { name: '对整个草案提意见' }).first().click()
    await page.getByLabel('您的意见').fill('希望公布电梯加装的施工单位名录。')

    // staff end the consultation while the resident is typing
    const staff = await staffContext(browser, baseURL)
    const console = await staffPage(staff)
    const list = await (await console.request.get('/api/admin/consultations')).json() as { items: Array<{ id: number, title: string }> }
    const id = list.items.find(c => c.title.startsWith('既有多层住宅加装电梯'))!.id
    const { closesAt } = await (await console.request.get(`/api/consultations/${id}`)).json() as { closesAt: string }
    const closed = await console.request.patch(`/api/admin/consultations/${id}/window`, { data: { closesAt: new Date().toISOString() }, headers: { origin: baseURL } })
    expect(closed.status()).toBe(200)

    await page.getByRole('button', { name: '提交意见' }).click()
    await expect.poll(() => page.locator('[role="alert"]').first().textContent()).toContain('已截止')
    expect(await page.getByLabel('您的意见').inputValue()).toBe('希望公布电梯加装的施工单位名录。')
    await snap(page, 'consultation-form-closed')
    // still there after a reload
    await page.reload()
    await expect.poll(() => page.getByLabel('您的意见').inputValue()).toBe('希望公布电梯加装的施工单位名录。')

    // staff move a decision in the catalogue to its next stage, giving the reason
    await console.goto('/admin/consultations/decisions')
    const planning = console.locator('.dc-entry', { hasText: '养老服务设施布局' })
    await planning.getByLabel('当前阶段').selectOption('risk-assessment')
    await planning.getByLabel('调整理由（公开）').fill('专家论证已完成，进入风险评估。')
    await planning.getByRole('button', { name: '保存调整' }).click()
    await expect.poll(() => console.locator('.dc-entry', { hasText: '养老服务设施布局' }).locator('.dc-entry__meta').textContent()).toContain('风险评估')
    await fitsPhone(console)
    await snap(console, 'consultation-admin-catalogue')

    // the year's catalogue of major decisions, with a withdrawal and its reason
    await page.goto('/interact')
    await page.getByRole('link', { name: '查看本年度重大行政决策事项目录' }).click()
    await expect.poll(() => mainHeading(page)).toBe('重大行政决策事项目录')
    expect(await page.locator('.catalogue__item', { hasText: '加装电梯' }).textContent()).toContain('当前阶段：征求意见')
    const withdrawn = page.locator('.catalogue__item', { hasText: '已调出目录' })
    await withdrawn.getByText(/目录调整记录/).click()
    expect(await withdrawn.textContent()).toContain('推迟')
    expect(await page.locator('.catalogue__item', { hasText: '养老服务设施布局' }).textContent()).toContain('专家论证已完成，进入风险评估。')
    await fitsPhone(page)
    await snap(page, 'consultation-catalogue')

    // staff extend the window again: the other files comment on this consultation (SPARE_CONSULTATION)
    const reopened = await console.request.patch(`/api/admin/consultations/${id}/window`, { data: { closesAt }, headers: { origin: baseURL } })
    expect(reopened.status()).toBe(200)
    await context.close()
    await staff.close()
  })
})

describe('a comment form filled in by a bot', () => {
  it('refuses a submission whose hidden honeypot field is filled, says so, and keeps the text', async () => {
    const { consultationId } = await spareIds(baseURL)
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/interact/consultations/${consultationId}/comment`)
    const marker = `蜜罐-${randomUUID().slice(0, 8)}`
    const text = `${marker}：建议按月公布补贴资金的发放进度。`
    await page.getByLabel('您的意见').fill(text)
    await page.getByRole('checkbox', { name: /我同意工作人员/ }).check()
    // people never meet this field (off screen, aria-hidden, out of the tab order); a bot fills it in
    await page.locator('#comment-website').fill('https://example.com/', { force: true })
    const answer = page.waitForResponse(r => r.request().method() === 'POST' && new URL(r.url()).pathname === `/api/consultations/${consultationId}/comments`)
    await page.getByRole('button', { name: '提交意见' }).click()
    expect((await answer).status()).toBe(400)
    const alert = page.getByRole('alert').filter({ hasText: '这次提交未被接受' })
    await alert.waitFor()
    expect(await alert.textContent()).toContain('请刷新页面后再提交')
    expect(await page.getByLabel('您的意见').inputValue()).toBe(text)
    expect(new URL(page.url()).pathname).toBe(`/interact/consultations/${consultationId}/comment`)
    await fitsPhone(page)
    await snap(page, 'consultation-form-honeypot')

    // and nothing reached the moderators
    const staff = await staffContext(browser, baseURL)
    const held = await staff.request.get(`/api/admin/consultations/${consultationId}/comments`)
    expect(held.status()).toBe(200)
    expect(((await held.json()) as { items: Array<{ text: string }> }).items.filter(c => c.text.includes(marker))).toEqual([])
    await staff.close()
    await context.close()
  })
})
