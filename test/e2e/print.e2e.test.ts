import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, launchBrowser, mainHeading, phoneContext, snap } from './support/browser'
import { spareIds } from './support/global-server'
import { signUp } from './support/signup'

// Printing (styles/main.css, "On paper"): a policy, an interpretation, an event and a ticket print as their
// content in black on white, with none of the app around it, and a long policy prints all of its text even
// when it is printed before the page has put the whole of it on screen (composables/stepwise.ts).
const baseURL = inject('baseURL')
let browser: Browser
let context: BrowserContext

beforeAll(async () => {
  browser = await launchBrowser()
  context = await phoneContext(browser, baseURL)
})
afterAll(() => browser?.close())

const POLICY = '2023年浦东新区政务公开工作要点'

async function openPolicy(page: Page) {
  await page.goto(`/policies?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
  await page.getByRole('link', { name: POLICY }).click()
  await expect.poll(() => mainHeading(page)).toBe(POLICY)
}

/** Pages in a PDF Chromium made: each page is one `/Type /Page` object. */
const pagesOf = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0

/**
 * What shows on paper (print styles, the phone in dark mode), as a visible/hidden map of what matters. Each
 * selector must find something on screen first, so "hidden on paper" never means "not there at all".
 */
async function onPaper(page: Page, selectors: Record<string, string>): Promise<Record<string, boolean>> {
  await page.emulateMedia({ media: 'screen' })
  for (const selector of Object.values(selectors))
    await page.locator(selector).first().waitFor({ state: 'attached', timeout: 10_000 })
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' })
  const seen: Record<string, boolean> = {}
  for (const [name, selector] of Object.entries(selectors))
    seen[name] = await page.locator(selector).first().isVisible()
  return seen
}

const APP_AROUND = { header: '.app-header', tabBar: '.tab-bar', address: '.print-only' }

describe('printing', () => {
  it('prints a whole long policy, even at once, in black on white and without the app around it', async () => {
    // printed with most of its text not yet on screen: no idle moment ever comes to put the rest there, so only
    // printing can ...
    const early = await context.newPage()
    await early.addInitScript(() => Object.assign(window, { requestIdleCallback: () => 0, cancelIdleCallback: () => {} }))
    const errors = collectPageErrors(early)
    await openPolicy(early)
    const shownBefore = await early.locator('.task-table tbody tr').count()
    const printedEarly = await early.pdf({ format: 'A4' })
    // ... it has as many pages as once the whole page is there
    const late = await context.newPage()
    await openPolicy(late)
    await late.getByRole('heading', { name: '政策留言板' }).waitFor()
    const rows = await late.evaluate(async (id) => {
      const doc = await (await fetch(`/api/documents/${id}`)).json() as { body: { tables: Array<{ rows: unknown[] }> } }
      return doc.body.tables.reduce((n, t) => n + t.rows.length, 0)
    }, new URL(late.url()).pathname.split('/').pop())
    await expect.poll(() => late.locator('.task-table tbody tr').count(), { timeout: 15_000 }).toBe(rows)
    const printedLate = await late.pdf({ format: 'A4' })
    expect(shownBefore).toBeLessThan(rows)
    expect(pagesOf(printedLate)).toBeGreaterThan(5)
    expect(pagesOf(printedEarly)).toBe(pagesOf(printedLate))
    expect(await early.locator('.task-table tbody tr').count()).toBe(rows)

    // on paper: the title, its facts and its validity; not the header, the tab bar or the buttons and forms
    expect(await onPaper(late, {
      ...APP_AROUND,
      title: 'main h1',
      facts: 'main dl',
      expired: 'text=本文件已失效，仅供查阅。',
      answered: '.doc-questions__a',
      actions: '.doc-actions',
      save: '.offline-save',
      outline: '.outline',
      vote: '.helpful',
      ask: 'form',
      unitFilter: '.task-table__filter',
    })).toEqual({ header: false, tabBar: false, address: true, title: true, facts: true, expired: true, answered: true, actions: false, save: false, outline: false, vote: false, ask: false, unitFilter: false })
    expect(await late.locator('.print-only').textContent()).toContain(`本页网址：${new URL(late.url()).origin}${new URL(late.url()).pathname}`)
    // black text on white paper, though the phone is in dark mode
    expect(await late.evaluate(() => [getComputedStyle(document.querySelector('main p')!).color, getComputedStyle(document.body).backgroundColor])).toEqual(['rgb(0, 0, 0)', 'rgb(255, 255, 255)'])
    await snap(late, 'print-policy')
    expect(errors).toEqual([])
    await early.close()
    await late.close()
  })

  it('keeps the policy an interpretation is of on paper, and an event\'s time and place', async () => {
    const page = await context.newPage()
    await openPolicy(page)
    await page.getByRole('link', { name: /一图读懂之前/ }).click()
    await page.waitForURL(/\/interpretations\/\d+$/)
    const seen = await onPaper(page, { ...APP_AROUND, policy: `a.print-link:has-text("${POLICY}")`, save: '.offline-save' })
    expect(seen).toEqual({ header: false, tabBar: false, address: true, policy: true, save: false })
    await snap(page, 'print-interpretation')

    // a video interpretation: on paper, its transcript instead of the player, then the page as the reader left it
    await page.emulateMedia({ media: 'screen' })
    const interps = await (await fetch(`${baseURL}/api/interpretations?limit=50`)).json() as Array<{ id: number, kind: string }>
    await page.goto(`/interpretations/${interps.find(i => i.kind === 'video')!.id}`)
    const transcript = page.locator('.interp__figure details')
    await transcript.waitFor()
    expect(await transcript.evaluate(d => (d as HTMLDetailsElement).open)).toBe(false)
    await page.evaluate(() => dispatchEvent(new Event('beforeprint')))
    expect(await onPaper(page, { ...APP_AROUND, player: 'video', transcript: '.interp__text' })).toEqual({ header: false, tabBar: false, address: true, player: false, transcript: true })
    await snap(page, 'print-video-interpretation')
    await page.evaluate(() => dispatchEvent(new Event('afterprint')))
    expect(await transcript.evaluate(d => (d as HTMLDetailsElement).open)).toBe(false)

    await page.emulateMedia({ media: 'screen' })
    const { eventId } = await spareIds(baseURL)
    await page.goto(`/events/${eventId}`)
    const signUp = `a[href="/events/${eventId}/signup"]`
    await page.locator(signUp).waitFor()
    expect(await onPaper(page, { ...APP_AROUND, title: 'main h1', when: 'dt:has-text("时间")', where: 'dt:has-text("地点")', signUp }))
      .toEqual({ header: false, tabBar: false, address: true, title: true, when: true, where: true, signUp: false })
    await snap(page, 'print-event')
    await page.close()
  })

  it('prints a ticket with its QR code and number, without its buttons', async () => {
    const page = await context.newPage()
    const { eventId } = await spareIds(baseURL)
    await page.goto(`/events/${eventId}/signup`)
    await signUp(page, { name: '打印测试', phone: `136${String(Date.now()).slice(-8)}` })
    await page.waitForURL(/\/me\/tickets\/[A-Z0-9]{10}\?new=1$/)
    const code = new URL(page.url()).pathname.split('/').pop()!
    expect(await onPaper(page, { ...APP_AROUND, qr: '.ticket__qr', code: `.ticket__code:has-text("${code}")`, calendar: 'text=添加到日历', cancel: 'button' }))
      .toEqual({ header: false, tabBar: false, address: true, qr: true, code: true, calendar: false, cancel: false })
    // the address on paper has no query: nothing a token could ride in
    expect(await page.locator('.print-only').textContent()).toContain(`/me/tickets/${code}`)
    expect(await page.locator('.print-only').textContent()).not.toContain('?')
    await snap(page, 'print-ticket')
    await page.close()
  })
})
