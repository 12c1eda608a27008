import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, layoutShift, mainHeading, phoneContext, snap } from './support/browser'
import { staffContext, staffPage } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser

beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

describe('the policy library on a phone', () => {
  it('searches, opens a document, jumps through its outline, reads its interpretation and comes back', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    const errors = collectPageErrors(page)

    await page.goto('/')
    await page.getByRole('searchbox', { name: '搜索政策文件' }).fill('加装电梯补贴')
    await page.getByRole('button', { name: '搜索' }).click()
    await page.waitForURL(/\/policies\?q=/)
    await expect.poll(() => page.getByRole('status').filter({ hasText: '搜索结果' }).textContent()).toContain('加装电梯补贴')
    // matched words are highlighted in the snippet
    await expect.poll(() => page.locator('.doc-card mark').count()).toBeGreaterThan(0)
    // and the FAQ library's matching answers come with the results
    await expect.poll(() => page.locator('.lib-faqs summary').first().textContent()).toContain('加装电梯的补贴')
    await snap(page, 'library-search')

    await page.getByRole('link', { name: '关于既有多层住宅加装电梯财政补贴的实施办法' }).click()
    await expect.poll(() => mainHeading(page)).toBe('关于既有多层住宅加装电梯财政补贴的实施办法')
    expect(await page.getByRole('link', { name: /去办理/ }).count()).toBe(1)

    await page.getByText('目录', { exact: true }).click()
    await page.getByRole('link', { name: '三、申请流程' }).click()
    await page.waitForURL(url => url.hash === '#p3')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('p3')

    await page.getByRole('link', { name: '一图读懂：加装电梯怎么申请补贴' }).click()
    await expect.poll(() => mainHeading(page)).toBe('一图读懂：加装电梯怎么申请补贴')
    const img = page.locator('figure img').first()
    expect(await img.getAttribute('alt')).toContain('补贴申请四步走')
    await fitsPhone(page)
    await snap(page, 'library-interpretation')

    // 有用: a vote that cannot be sent says so and can be sent again; one that counts says thanks
    const helpful = page.getByRole('group', { name: '这篇解读有用吗？' })
    const yes = helpful.getByRole('button', { name: /^有用/ })
    const before = Number((await yes.locator('.muted').textContent())!.trim())
    await context.setOffline(true)
    await yes.click()
    await helpful.getByRole('status').filter({ hasText: /网络/ }).waitFor()
    expect(await yes.isEnabled()).toBe(true)
    await helpful.scrollIntoViewIfNeeded()
    await snap(page, 'library-helpful-offline')
    await context.setOffline(false)
    await yes.click()
    await helpful.getByRole('status').filter({ hasText: '感谢反馈' }).waitFor()
    expect(Number((await yes.locator('.muted').textContent())!.trim())).toBe(before + 1)
    expect(await yes.isDisabled()).toBe(true)

    await page.getByRole('link', { name: /查看政策原文/ }).click()
    await expect.poll(() => mainHeading(page)).toBe('关于既有多层住宅加装电梯财政补贴的实施办法')
    await page.getByRole('button', { name: '返回' }).click()
    await expect.poll(() => mainHeading(page)).toBe('一图读懂：加装电梯怎么申请补贴')
    // the vote sent offline
    expect(errors.filter(e => !e.includes('ERR_INTERNET_DISCONNECTED'))).toEqual([])
    await context.close()
  })

  it('lands a deep link into the far end of the long document on its anchor, and fills in the rest for find-in-page', async () => {
    const list = await (await fetch(`${baseURL}/api/documents?limit=50`)).json() as { items: Array<{ id: number, slug: string }> }
    const id = list.items.find(d => d.slug === 'pudong-2023-gongkai-yaodian')!.id
    const doc = await (await fetch(`${baseURL}/api/documents/${id}`)).json() as { body: { parts: Array<{ anchor: string, title: string, items: Array<{ anchor: string }> }>, tables: Array<{ anchor: string, rows: Array<{ task: string }> }> } }
    const lastPart = doc.body.parts.at(-1)!
    const far = lastPart.items.at(-1)!.anchor
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    const inView = (anchor: string) => page.evaluate((a) => {
      const r = document.getElementById(a)?.getBoundingClientRect()
      return r ? r.top >= 0 && r.top < innerHeight / 2 : false
    }, anchor)

    // typed or shared: the item in the last part, at the top of the screen, and still there once the page is complete
    await page.goto(`/policies/${id}#${far}`)
    await expect.poll(() => inView(far)).toBe(true)
    const table = doc.body.tables[0]!
    await expect.poll(() => page.locator(`section[aria-labelledby="${table.anchor}"] tbody tr`).count()).toBe(table.rows.length)
    expect(await inView(far)).toBe(true)
    await snap(page, 'document-deep-link-far')

    // a fresh load, then the outline straight to the task table at the very end
    await page.goto(`/policies/${id}`)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    await page.getByText('目录', { exact: true }).click()
    await page.locator('.outline__parts a', { hasText: '任务分解' }).first().click()
    await page.waitForURL(url => url.hash === `#${table.anchor}`)
    await expect.poll(() => inView(table.anchor)).toBe(true)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(table.anchor)

    // no layout shift while the body fills in below the first screen; once it has, with no jump asking for it,
    // every part and the whole task table are on the page, so find-in-page finds them
    await page.goto(`/policies/${id}`)
    await expect.poll(() => page.locator('.doc-questions').count()).toBe(1)
    expect(await layoutShift(page)).toBeLessThanOrEqual(0.02)
    const text = await page.locator('main').textContent()
    expect(text).toContain(lastPart.title)
    expect(text).toContain(table.rows.at(-1)!.task)
    expect(errors).toEqual([])
    await context.close()
  })

  it('filters with chips and suggests dropping them when nothing matches', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto('/policies')
    await page.getByRole('button', { name: /^筛选/ }).click()
    await page.getByRole('button', { name: /^嘉定区/ }).click()
    await page.waitForURL(/district=jiading/)
    await expect.poll(() => page.locator('.doc-card').count()).toBe(2)
    await snap(page, 'library-filters')
    await page.getByRole('searchbox', { name: '搜索政策文件' }).fill('加装电梯')
    await page.getByRole('button', { name: '搜索', exact: true }).click()
    await expect.poll(() => page.getByText('去掉筛选条件后有').count()).toBe(1)
    await page.getByRole('button', { name: '去掉筛选再搜' }).click()
    await page.waitForURL(url => !url.search.includes('district'))
    await expect.poll(() => page.locator('.doc-card').count()).toBeGreaterThan(0)
    await context.close()
  })

  it('publishes a question once a moderator answers it in the staff console', async () => {
    const resident = await phoneContext(browser, baseURL)
    const page = await resident.newPage()
    await page.goto(`/policies?q=${encodeURIComponent('长者食堂')}`)
    await page.getByRole('link', { name: '浦东新区长者食堂建设和运营管理办法' }).click()
    await expect.poll(() => mainHeading(page)).toBe('浦东新区长者食堂建设和运营管理办法')
    const question = `长者食堂能用医保卡付款吗？（${Date.now()}）`
    await page.getByLabel('您的问题').fill(question)
    await page.getByRole('button', { name: '提交问题' }).click()
    await expect.poll(() => page.getByText('已提交，待部门答复').count()).toBe(1)
    expect(await page.getByText(/预计 .* 前答复/).count()).toBe(1)
    // not public until answered
    expect(await page.locator('.doc-questions__list').getByText(question).count()).toBe(0)
    await snap(page, 'library-question-sent')

    const staff = await staffContext(browser, baseURL)
    const console = await staffPage(staff, '/admin/questions')
    const card = console.locator('article', { hasText: question })
    await card.getByLabel('答复内容').fill('目前仅支持社保卡、敬老卡和现金，医保卡不能用于餐费。')
    await card.getByLabel('答复部门').fill('浦东新区民政局')
    await card.getByLabel('设为常见问题（FAQ）').check()
    await snap(console, 'library-admin-answer')
    await card.getByRole('button', { name: '发布答复' }).click()
    await expect.poll(() => console.locator('article', { hasText: question }).count()).toBe(0)

    await page.reload()
    await expect.poll(() => page.locator('.doc-questions__list').getByText(question).count()).toBe(1)
    expect(await page.locator('.doc-questions__list').getByText('医保卡不能用于餐费').count()).toBe(1)

    // the resident's own questions under 我的, with the answer that came
    await page.goto('/me')
    await page.getByRole('link', { name: '查看我的提问' }).click()
    const mine = page.locator('.mine li', { hasText: question })
    await expect.poll(() => mine.getByText('已答复').count()).toBe(1)
    expect(await mine.getByText('医保卡不能用于餐费').count()).toBe(1)
    await snap(page, 'library-my-questions')
    await resident.close()
    await staff.close()
  })

  it('reads a document\'s English version in English, switches to the Chinese original and back, and says when there is only Chinese', async () => {
    const find = async (docNumber: string) => ((await (await fetch(`${baseURL}/api/documents?q=${encodeURIComponent(docNumber)}`)).json()) as { items: Array<{ id: number }> }).items[0]!.id
    const id = await find('沪房规〔2025〕4号')
    const doc = await (await fetch(`${baseURL}/api/documents/${id}`)).json() as { title: string, english: { title: string, paragraphs: string[] } | null }
    expect(doc.english?.title).toMatch(/[A-Z]/i)

    const context = await phoneContext(browser, baseURL, { locale: 'en-GB' })
    await context.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'en', elderMode: false, elderOffered: true })))
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await page.goto(`/policies/${id}`)
    const title = page.locator('main h1')
    await expect.poll(() => mainHeading(page)).toBe(doc.english!.title)
    expect(await title.getAttribute('lang')).toBe('en')
    const english = page.locator('main section[lang="en"]', { has: page.getByRole('heading', { name: 'English version' }) })
    expect((await english.locator('p').first().textContent())?.trim()).toBe(doc.english!.paragraphs[0])
    expect(await page.getByText('This English version is for reference. The Chinese original is authoritative.').count()).toBe(1)
    await fitsPhone(page)
    await snap(page, 'document-english')

    // the Chinese original, marked as Chinese for screen readers and translation
    await page.getByRole('button', { name: 'Read the Chinese original' }).click()
    await expect.poll(() => mainHeading(page)).toBe(doc.title)
    expect(await title.getAttribute('lang')).toBe('zh-CN')
    expect(await english.count()).toBe(0)
    const body = page.locator('main .doc-body')
    expect(await body.getAttribute('lang')).toBe('zh-CN')
    expect(await body.textContent()).toMatch(/[\u4E00-\u9FFF]{10}/)
    await fitsPhone(page)
    await body.scrollIntoViewIfNeeded()
    await snap(page, 'document-english-original')
    await page.getByRole('button', { name: 'Read the English version' }).click()
    await expect.poll(() => mainHeading(page)).toBe(doc.english!.title)
    expect(await title.getAttribute('lang')).toBe('en')

    // a document with no English version says so, in both languages, above the Chinese text
    await page.goto(`/policies/${await find('浦府办〔2023〕18号')}`)
    await expect.poll(() => mainHeading(page)).toBe('2023年浦东新区政务公开工作要点')
    expect(await title.getAttribute('lang')).toBe('zh-CN')
    const note = page.getByRole('note').filter({ hasText: 'Only available in Chinese' })
    expect(await note.textContent()).toContain('仅有中文版')
    expect(await note.textContent()).toContain('This document has no English version.')
    expect(await page.getByRole('button', { name: 'Read the Chinese original' }).count()).toBe(0)
    await fitsPhone(page)
    await snap(page, 'document-only-chinese')
    expect(errors).toEqual([])
    await context.close()
  })
})
