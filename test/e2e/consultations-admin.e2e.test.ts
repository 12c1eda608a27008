import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, mainHeading, phoneContext, snap } from './support/browser'
import { staffContext, staffPage } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

/** An instant as <input type="datetime-local"> shows it in Shanghai. */
const shanghaiInput = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16)

const TITLE = '社区微更新项目管理办法（征求意见稿）'
const DRAFT = `社区微更新项目管理办法
（征求意见稿）

第一章\u3000总则
第一条\u3000为规范社区微更新项目的征集、实施和维护，制定本办法。
第二条\u3000本办法所称社区微更新，是指对小区内公共空间的小规模改造，单个项目投资不超过五十万元。
第二章\u3000实施
第三条\u3000项目由居民区党组织牵头征集，经居民会议讨论后报街道审核。
第四条\u3000项目竣工后，应当在小区公告栏公示决算情况，公示期不少于七日。
第三条规定的审核，应当在十五个工作日内完成。
第5条 本办法自2027年7月1日起施行。`

describe('staff write consultations and the catalogue', () => {
  it('staff paste a draft, split it into articles and open the consultation; a revised draft keeps the articles; residents read it in 互动', async () => {
    const staff = await staffContext(browser, baseURL)
    const page = await staff.newPage()
    const errors = collectPageErrors(page)
    await staffPage(page, '/admin/consultations')
    await page.getByRole('link', { name: '发起征求意见' }).click()
    await page.waitForURL(/\/admin\/consultations\/new$/)
    await expect.poll(() => mainHeading(page)).toBe('发起征求意见')

    await page.getByLabel('起草部门').fill('区住房保障和房屋管理局')
    await page.getByLabel('摘要（显示在列表中）').fill('规范社区微更新项目的征集、实施和公示。')
    await page.getByLabel('解读').fill('为什么：项目征集和公示缺少统一规则。改变什么：明确审核时限和决算公示。影响谁：居民区和街道。')
    await page.getByLabel('开始时间').fill(shanghaiInput(Date.now() - 3_600_000))
    await page.getByLabel('截止时间').fill(shanghaiInput(Date.now() + 30 * 86_400_000))
    await page.getByLabel('草案全文').fill(DRAFT)
    await page.getByRole('button', { name: '拆分为条文' }).click()
    await expect.poll(() => page.locator('#cn-preview-title').textContent()).toContain('共识别出 5 条')
    expect(await page.locator('.cn-preview__article').nth(3).textContent()).toContain('第三条规定的审核')
    expect(await page.locator('.cn-preview__article').nth(4).textContent()).toContain('第五条')
    expect(await page.locator('.cn-preview__preamble').textContent()).toContain('社区微更新项目管理办法')
    await fitsPhone(page)
    await snap(page, 'consultation-admin-new')

    // without a title the error is tied to the title field
    await page.getByRole('button', { name: '发起征求意见' }).click()
    const title = page.getByLabel('草案标题')
    await expect.poll(() => title.getAttribute('aria-describedby')).toBe('cn-title-error')
    expect(await page.locator('#cn-title-error').textContent()).toContain('请填写')
    await snap(page, 'consultation-admin-new-error')
    await title.fill(TITLE)
    await page.getByRole('button', { name: '发起征求意见' }).click()
    await page.waitForURL(/\/admin\/consultations\/\d+$/)
    await expect.poll(() => mainHeading(page)).toBe(TITLE)
    const id = Number(new URL(page.url()).pathname.split('/').pop())

    // a revised draft: a new article before 第一条, 第五条 removed, 第四条 changed
    await page.getByRole('link', { name: '发布修改稿或定稿' }).click()
    await page.waitForURL(/\/versions\/new$/)
    await expect.poll(() => page.locator('.cv-row').count()).toBe(5)
    await page.locator('.cv-row').nth(0).getByRole('button', { name: '在此条前插入新条' }).click()
    await page.locator('.cv-row').nth(0).getByLabel('条文内容').fill('社区微更新应当坚持居民参与、公开透明。')
    await page.locator('.cv-row', { hasText: '原第四条' }).getByLabel('条文内容').fill('项目竣工后，应当在小区公告栏和“随申办”公示决算情况，公示期不少于十日。')
    await page.locator('.cv-row', { hasText: '原第五条' }).getByRole('button', { name: '删除此条' }).click()
    await fitsPhone(page)
    await snap(page, 'consultation-admin-version')
    await page.getByRole('button', { name: /发布此版本/ }).click()
    await page.waitForURL(new RegExp(`/admin/consultations/${id}$`))
    // the sign-in's 401s and the deliberate 400 above are expected answers, not page errors
    expect(errors.filter(e => !/^Failed to load resource: the server responded with a status of 40[01]/.test(e))).toEqual([])

    // a resident finds it in 互动 and reads its articles
    const resident = await phoneContext(browser, baseURL)
    const phone = await resident.newPage()
    await phone.goto('/interact')
    await phone.getByRole('link', { name: TITLE }).click()
    await expect.poll(() => mainHeading(phone)).toBe(TITLE)
    await expect.poll(() => phone.locator('.c-article').count()).toBe(5)
    const articles = phone.locator('.c-article')
    expect(await articles.nth(0).textContent()).toContain('居民参与、公开透明')
    expect(await articles.nth(1).textContent()).toContain('第二条')
    expect(await articles.nth(4).textContent()).toContain('公示期不少于十日')
    expect(await phone.locator('main').textContent()).not.toContain('2027年7月1日起施行')
    await fitsPhone(phone)
    await snap(phone, 'consultation-admin-created-public')
    await resident.close()
    await staff.close()
  })

  it('staff create a year\'s catalogue of major decisions and add a decision with its reason', async () => {
    const staff = await staffContext(browser, baseURL)
    const page = await staffPage(staff, '/admin/consultations')
    await page.getByRole('link', { name: /重大行政决策|Catalogue/ }).first().click()
    await page.waitForURL(/\/admin\/consultations\/decisions$/)
    await expect.poll(() => page.locator('.dc-entry').count()).toBeGreaterThan(0)
    // an earlier year, so the public page keeps showing this year's catalogue
    await page.locator('form', { hasText: '建立年度目录' }).getByLabel('年度').fill('2019')
    await page.getByLabel('公布日期').fill('2019-03-28')
    await page.getByLabel('公布机关').fill('区人民政府办公室')
    await page.getByRole('button', { name: '建立目录' }).click()
    await expect.poll(() => page.locator('main').textContent()).toContain('2019 年度目录')
    await page.getByLabel('事项名称').fill('社区微更新三年行动计划')
    await page.getByLabel('承办部门').fill('区住房保障和房屋管理局')
    await page.getByLabel('调整理由（公开）').last().fill('涉及全区居民的公共空间，列入目录。')
    await page.getByRole('button', { name: '列入目录' }).click()
    await expect.poll(() => page.locator('.dc-entry', { hasText: '社区微更新三年行动计划' }).count()).toBe(1)
    await fitsPhone(page)
    await page.locator('.dc-entry', { hasText: '社区微更新三年行动计划' }).scrollIntoViewIfNeeded()
    await snap(page, 'consultation-admin-catalogue-new')
    const published = await (await page.request.get('/api/decisions?year=2019')).json() as { items: Array<{ title: string, changes: Array<{ reason: string }> }> }
    expect(published.items[0]).toMatchObject({ title: '社区微更新三年行动计划', changes: [{ reason: '涉及全区居民的公共空间，列入目录。' }] })
    await staff.close()
  })
})
