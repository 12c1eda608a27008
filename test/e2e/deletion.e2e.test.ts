import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { announced, controlledPhone, fitsPhone, launchBrowser, mainHeading, phoneContext, snap, storedList } from './support/browser'
import { spareIds } from './support/global-server'
import { signUp } from './support/signup'
import { answerQuestion, queuedQuestionId, staffContext } from './support/staff'

// PIPL: a resident deletes their own comment, question and sign-up with the device's token, from 我的.
const baseURL = inject('baseURL')
let browser: Browser
let consultationId: number
let eventId: number

/** The questions a policy's public board shows, as the API answers them. */
async function boardTexts(documentId: number): Promise<string[]> {
  const document = await (await fetch(`${baseURL}/api/documents/${documentId}`)).json() as { questions: Array<{ text: string }> }
  return document.questions.map(q => q.text)
}

beforeAll(async () => {
  browser = await launchBrowser()
  ;({ consultationId, eventId } = await spareIds(baseURL))
})
afterAll(() => browser?.close())

describe('a resident deletes what they sent', () => {
  it('deletes a comment from its receipt: asked inline first, then gone from the device and the server', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/interact/consultations/${consultationId}/comment`)
    await page.getByLabel('您的意见').fill('请删除测试：希望公布加装电梯的补贴发放进度。')
    await page.getByRole('button', { name: '提交意见' }).click()
    await page.waitForURL(/\/me\/receipts\/YJ-/)
    const receiptNumber = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!)
    const token = (await storedList<{ receiptNumber: string, token: string }>(page, 'gongkai.receipts')).find(r => r.receiptNumber === receiptNumber)!.token

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
    await signUp(page, { name: '赵阿姨', phone: '13600005678' })
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

  it('deletes an answered question from 我的提问: off the policy\'s public board, off the device, and the receipt gone', async () => {
    const list = await (await fetch(`${baseURL}/api/documents?q=${encodeURIComponent('长者食堂')}`)).json() as { items: Array<{ id: number, title: string }> }
    const doc = list.items.find(d => d.title === '浦东新区长者食堂建设和运营管理办法')!
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/policies/${doc.id}`)
    const question = `删除测试：长者食堂能刷医保卡吗？（${Date.now()}）`
    await page.getByLabel('您的问题').fill(question)
    await page.getByRole('button', { name: '提交问题' }).click()
    await expect.poll(() => page.getByText('已提交，待部门答复').count()).toBe(1)
    const asked = (await storedList<{ text: string, receiptNumber: string, receiptToken: string }>(page, 'gongkai.questions')).find(i => i.text === question)!

    // a moderator answers it: it is public on the policy's board
    const staff = await staffContext(browser, baseURL)
    expect(await answerQuestion(staff.request, (await queuedQuestionId(staff.request, asked.receiptNumber))!, '医保卡不能用于餐费。')).toBe(204)
    await staff.close()
    await expect.poll(() => boardTexts(doc.id), { timeout: 5000 }).toContain(question)

    await page.goto('/me/questions')
    const card = page.locator('li.card', { hasText: question })
    await expect.poll(() => card.textContent()).toContain('医保卡不能用于餐费。')
    await card.getByRole('button', { name: '删除我的问题' }).click()
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('不删除')
    expect(await card.getByRole('group', { name: '删除我的问题' }).textContent()).toContain('删除后不能恢复')
    await fitsPhone(page)
    await snap(page, 'delete-question-confirm')
    // with no network: the question stays, here and on the device, and the failure says so with a retry
    await context.setOffline(true)
    await card.getByRole('button', { name: '确定删除' }).click()
    await card.getByText('网络连接失败，请检查网络后重试。').waitFor()
    expect((await storedList<{ receiptNumber: string }>(page, 'gongkai.questions')).map(q => q.receiptNumber)).toContain(asked.receiptNumber)
    expect(await boardTexts(doc.id)).toContain(question)
    await context.setOffline(false)
    await card.getByRole('button', { name: '确定删除' }).click()
    await expect.poll(() => announced(page)).toContain('您的问题已删除')
    expect(await page.locator('main').textContent()).not.toContain(question)
    expect(await page.evaluate(() => localStorage.getItem('gongkai.questions') ?? '')).not.toContain(asked.receiptNumber)
    // the read cache holds a document for a second at most
    await expect.poll(() => boardTexts(doc.id), { timeout: 5000 }).not.toContain(question)
    const gone = await fetch(`${baseURL}/api/questions/receipts/${asked.receiptNumber}`, { headers: { 'x-receipt-token': asked.receiptToken } })
    expect(gone.status).toBe(404)
    await context.close()
  })

  it('withdraws a question still waiting for its answer, and a policy saved 保存到本机 drops a deleted question offline', async () => {
    const list = await (await fetch(`${baseURL}/api/documents?q=${encodeURIComponent('长者食堂')}`)).json() as { items: Array<{ id: number, title: string }> }
    const doc = list.items.find(d => d.title === '浦东新区长者食堂建设和运营管理办法')!
    const { context, page } = await controlledPhone(baseURL)
    await page.goto(`/policies/${doc.id}`)
    const ask = async (text: string) => {
      await page.getByLabel('您的问题').fill(text)
      await page.getByRole('button', { name: '提交问题' }).click()
      await expect.poll(async () => (await storedList<{ text: string }>(page, 'gongkai.questions')).some(q => q.text === text)).toBe(true)
    }
    const stamp = Date.now()
    const answeredText = `保存后删除：长者食堂周末开门吗？（${stamp}）`
    const pendingText = `撤回测试：长者食堂可以送餐上门吗？（${stamp}）`
    await ask(answeredText)
    await ask(pendingText)
    const mine = await storedList<{ text: string, receiptNumber: string, receiptToken: string }>(page, 'gongkai.questions')
    const answered = mine.find(q => q.text === answeredText)!
    const pending = mine.find(q => q.text === pendingText)!

    const staff = await staffContext(browser, baseURL)
    expect(await answerQuestion(staff.request, (await queuedQuestionId(staff.request, answered.receiptNumber))!, '周末照常开门。')).toBe(204)
    const pendingId = (await queuedQuestionId(staff.request, pending.receiptNumber))!

    // the answered question is on the policy's board once the read cache lets it through (about a second), and
    // on its page from the next visit after the worker has refreshed its copy (stale-while-revalidate). The
    // board comes after the document's parts, which fill in during idle moments: each visit waits for it. The
    // resident keeps the policy on the phone.
    await expect.poll(() => boardTexts(doc.id)).toContain(answeredText)
    await expect.poll(async () => {
      await page.goto(`/policies/${doc.id}`)
      const board = page.locator('section.doc-questions')
      await board.waitFor()
      return board.textContent()
    }, { timeout: 15_000 }).toContain(answeredText)
    await page.getByRole('button', { name: '保存到本机' }).click()
    await page.getByRole('button', { name: '从本机移除' }).waitFor()

    // 我的提问: the pending one says it waits for an answer; withdrawn, moderators no longer see it
    await page.goto('/me/questions')
    const pendingCard = page.locator('li.card', { hasText: pendingText })
    expect(await pendingCard.textContent()).toContain('待答复')
    await pendingCard.getByRole('button', { name: '删除我的问题' }).click()
    await pendingCard.getByRole('button', { name: '确定删除' }).click()
    await expect.poll(() => announced(page)).toContain('您的问题已删除')
    expect(await page.locator('main').textContent()).not.toContain(pendingText)
    expect(await queuedQuestionId(staff.request, pending.receiptNumber)).toBeUndefined()
    // nor can it be answered any more
    expect(await answerQuestion(staff.request, pendingId, '可以。')).toBe(404)
    await staff.close()

    const answeredCard = page.locator('li.card', { hasText: answeredText })
    await answeredCard.getByRole('button', { name: '删除我的问题' }).click()
    await answeredCard.getByRole('button', { name: '确定删除' }).click()
    await expect.poll(() => page.locator('main').textContent()).not.toContain(answeredText)

    // offline, with only what 保存到本机 kept: the policy opens, without the deleted question
    await page.evaluate(() => Promise.all(['api-documents', 'api-library', 'api-consultations', 'api-events', 'images'].map(name => caches.delete(name))))
    await context.setOffline(true)
    await page.goto(`/policies/${doc.id}`)
    await expect.poll(() => mainHeading(page)).toBe(doc.title)
    await page.locator('main time').filter({ hasText: /^内容更新于 / }).waitFor()
    // the board comes with the body's later parts: wait for it before looking for what must not be on it
    await page.getByRole('heading', { name: '政策留言板' }).waitFor()
    expect(await page.locator('main').textContent()).not.toContain(answeredText)
    await context.setOffline(false)
    await context.close()
  })
})
