import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { announced, launchBrowser, phoneContext, snap } from './support/browser'
import { spareIds } from './support/global-server'

/*
 * A resident with a keyboard only (a switch device or a Bluetooth keyboard on a phone): Tab, Enter, Space and
 * typing, nothing else. Every stop must show its focus, stops come in document order, and the result of each
 * flow is announced through the live region.
 */

const baseURL = inject('baseURL')
let browser: Browser
let consultationId: number
let eventId: number

beforeAll(async () => {
  browser = await launchBrowser()
  ;({ consultationId, eventId } = await spareIds(baseURL))
})
afterAll(() => browser?.close())

interface Stop { tag: string, id: string, text: string, focusVisible: boolean, outline: string, inOrder: boolean }

/** The focused element, whether its focus can be seen, and whether it follows the previous stop in the document. */
function describeFocus(): Stop {
  const el = document.activeElement as HTMLElement
  const w = window as unknown as { kbPrevious?: Element }
  const previous = w.kbPrevious
  const inOrder = !previous || !previous.isConnected || previous === el || Boolean(previous.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)
  w.kbPrevious = el
  const style = getComputedStyle(el)
  const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2 ? `${style.outlineWidth} ${style.outlineStyle} ${style.outlineColor}` : ''
  const box = el.getBoundingClientRect()
  return {
    tag: el.tagName.toLowerCase(),
    id: el.id,
    text: (el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 30),
    // visible focus: a real outline, and the element itself on screen (not scrolled under the fixed tab bar)
    focusVisible: el.matches(':focus-visible') && outline !== '' && box.bottom > 0 && box.top < window.innerHeight,
    outline,
    inOrder,
  }
}

/** Presses Tab until `wanted` has focus, checking every stop on the way. */
async function tabTo(page: Page, wanted: (s: Stop) => boolean, max = 60): Promise<Stop[]> {
  const stops: Stop[] = []
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    const stop = await page.evaluate(describeFocus)
    stops.push(stop)
    expect(stop.focusVisible, `focus not visible on ${stop.tag}#${stop.id} "${stop.text}" after ${stops.slice(0, -1).map(s => `${s.tag}#${s.id} ${s.text}`).join(' → ')}`).toBe(true)
    expect(stop.inOrder, `focus jumped backwards to ${stop.tag}#${stop.id} "${stop.text}"`).toBe(true)
    if (wanted(stop))
      return stops
  }
  throw new Error(`Tab never reached the target; stops: ${stops.map(s => `${s.tag}#${s.id} ${s.text}`).join(' → ')}`)
}

const focusedHeading = (page: Page) => page.evaluate(() => document.activeElement?.tagName === 'H1' ? document.activeElement.textContent?.trim() : null)
const resetOrder = (page: Page) => page.evaluate(() => delete (window as unknown as { kbPrevious?: Element }).kbPrevious)

describe('keyboard only', () => {
  it('sends a comment on an open consultation with Tab, Enter, Space and typing', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/interact/consultations/${consultationId}`)
    await page.locator('main h1').waitFor()

    // the first stop is the skip link, shown on screen; Enter takes focus into main
    const [skip] = await tabTo(page, () => true)
    expect(skip).toMatchObject({ tag: 'a', text: '跳到主要内容' })
    await snap(page, 'keyboard-skip-link')
    await page.keyboard.press('Enter')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main')
    await resetOrder(page)

    await tabTo(page, s => s.tag === 'a' && s.text === '对整个草案提意见')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/comment$/)
    // the new page's heading takes focus and the page is announced
    await expect.poll(() => focusedHeading(page)).toBeTruthy()
    await expect.poll(() => announced(page)).toMatch(/^已打开：/)
    await resetOrder(page)
    // the form comes with the consultation's data, a moment after the heading
    await page.locator('#comment-text').waitFor()
    await snap(page, 'keyboard-comment-form')

    await tabTo(page, s => s.id === 'comment-text')
    await page.keyboard.type('建议社区公告栏同时张贴纸质版，方便不用智能手机的老人了解。')
    await tabTo(page, s => s.id === 'comment-consent')
    await page.keyboard.press('Space')
    expect(await page.locator('#comment-consent').isChecked()).toBe(true)
    await snap(page, 'keyboard-comment-consent')
    await tabTo(page, s => s.tag === 'button' && s.text === '提交意见')
    await page.keyboard.press('Enter')

    await page.waitForURL(/\/me\/receipts\/YJ-/)
    await expect.poll(() => announced(page)).toBe('已打开：意见已提交 · 意见回执')
    expect(await focusedHeading(page)).toBe('意见回执')
    await context.close()
  })

  it('signs up for an event with Tab, Enter, Space and typing', async () => {
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    await page.goto(`/events/${eventId}`)
    await page.locator('main h1').waitFor()
    await tabTo(page, s => s.text === '跳到主要内容')
    await page.keyboard.press('Enter')
    await resetOrder(page)

    await tabTo(page, s => s.tag === 'a' && s.text === '报名')
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/signup$/)
    await expect.poll(() => focusedHeading(page)).toBeTruthy()
    await resetOrder(page)
    await page.locator('#su-name').waitFor()

    await tabTo(page, s => s.id === 'su-name')
    await page.keyboard.type('王阿姨')
    const [phone] = await tabTo(page, () => true)
    expect(phone!.id).toBe('su-phone')
    await page.keyboard.type('13700001234')
    await tabTo(page, s => s.id === 'su-consent')
    await page.keyboard.press('Space')
    await tabTo(page, s => s.tag === 'button' && s.text === '提交报名')
    await page.keyboard.press('Enter')

    await page.waitForURL(/\/me\/tickets\//)
    await expect.poll(() => announced(page)).toBe('已打开：报名成功')
    expect(await focusedHeading(page)).toBe('报名成功')
    await snap(page, 'keyboard-signup-done')
    await context.close()
  })
})
