import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, phoneContext, snap } from './support/browser'
import { staffPage, staffState } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const PLAN = `上海市虹口区人民政府办公室

虹府办〔2026〕9号

2026年虹口区老旧小区适老化改造工作方案

一、工作目标

（一）完成改造。全年完成适老化改造300户。（责任单位：区民政局）

二、保障措施

（一）资金保障。区财政安排专项资金。（责任单位：区财政局）
`

describe('the staff console: writing a policy and its interpretation', () => {
  it('creates a document from pasted text, interprets it in Markdown, publishes both, and residents find it', async () => {
    const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 900 }, locale: 'zh-CN', storageState: staffState() })
    const page = await staffPage(context, '/admin/documents/new')

    await page.getByLabel('文件正文（粘贴发布稿）').fill(PLAN)
    await page.getByRole('button', { name: '检查识别结果' }).click()
    await expect.poll(() => page.getByText('识别出 2 个部分、2 个条目、0 行任务。').count()).toBe(1)
    expect(await page.getByLabel('标题', { exact: true }).inputValue()).toBe('2026年虹口区老旧小区适老化改造工作方案')
    expect(await page.getByLabel('文号').inputValue()).toBe('虹府办〔2026〕9号')
    await page.getByLabel('区', { exact: true }).selectOption('hongkou')
    await page.getByLabel('养老').check()
    await page.getByLabel('摘要').fill('老旧小区适老化改造的目标和保障。')
    await page.getByRole('button', { name: '保存', exact: true }).click()
    await page.waitForURL(/\/admin\/documents\/\d+$/)
    const id = Number(new URL(page.url()).pathname.split('/').pop())

    // 三同步: publishing a normative document without an interpretation is refused
    await page.getByRole('button', { name: '发布', exact: true }).click()
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('政策解读同步发布')

    await page.getByRole('link', { name: '新增解读' }).click()
    await page.waitForURL(/\/interpretations\/new$/)
    await expect.poll(() => page.locator('main h1').textContent()).toBe('新增解读')
    await page.getByLabel('标题', { exact: true }).fill('一图读懂虹口适老化改造')
    await page.getByLabel('解读人', { exact: true }).fill('虹口区民政局')
    await page.getByLabel('小标题').fill('改什么')
    await page.getByLabel('内容（Markdown）').fill('**扶手、坡道、防滑地面**\n\n- 每户最多补贴 3000 元<script>alert(1)</script>')
    await expect.poll(() => page.locator('.md__preview strong').textContent()).toBe('扶手、坡道、防滑地面')
    expect(await page.locator('.md__preview script').count()).toBe(0)
    await snap(page, 'editor-interpretation')
    await page.getByRole('button', { name: '保存并发布' }).click()
    await expect.poll(() => page.getByText('已保存。').count()).toBe(1)
    await expect.poll(() => page.getByRole('button', { name: '取消发布' }).count()).toBe(1)

    await page.goto(`/admin/documents/${id}`)
    await expect.poll(() => page.getByLabel('标题', { exact: true }).inputValue()).toBe('2026年虹口区老旧小区适老化改造工作方案')
    await page.getByRole('button', { name: '发布', exact: true }).click()
    await expect.poll(() => page.getByText('本文件已公开。').count()).toBe(1)
    await context.close()

    const resident = await phoneContext(browser, baseURL)
    const phone = await resident.newPage()
    await phone.goto(`/policies?q=${encodeURIComponent('防滑地面')}`)
    await phone.getByRole('link', { name: '2026年虹口区老旧小区适老化改造工作方案' }).click()
    await phone.getByRole('link', { name: '一图读懂虹口适老化改造' }).click()
    await expect.poll(() => phone.locator('.interp__html strong').textContent()).toBe('扶手、坡道、防滑地面')
    expect(await phone.locator('.interp__html script').count()).toBe(0)
    await resident.close()
  })
})
