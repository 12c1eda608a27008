import type { Browser, BrowserContext, Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { launchBrowser, PHONE, snap } from './support/browser'
import { spareIds } from './support/global-server'
import { signUp } from './support/signup'
import { staffState } from './support/staff'

/*
 * axe (WCAG 2.2 AA) on every route, resident and staff, at a phone's 390×844 and a desktop's 1280×800, in
 * Chinese and English, with 长者模式 off and on, and in the dark theme; plus what axe cannot see: one h1 in
 * main, the skip link and landmarks, no sideways scrolling, and 44×44 px touch targets on residents' screens.
 * One browser context and one page per combination; each route is a full load of the built app.
 */

const baseURL = inject('baseURL')
const DESKTOP = { width: 1280, height: 800 }
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']
let browser: Browser
let ids: { document: number, english: number, interpretation: number, video: number, consultation: number, event: number, bundle: string }
/** what a resident's device keeps after a comment and a sign-up (receipts and tickets pages need them) */
let deviceState: Record<string, string> = {}

beforeAll(async () => {
  browser = await launchBrowser()
  const get = async (path: string) => (await fetch(`${baseURL}${path}`)).json()
  const docs = await get(`/api/documents?q=${encodeURIComponent('浦府办〔2023〕18号')}`)
  const english = await get(`/api/documents?q=${encodeURIComponent('沪房规〔2025〕4号')}`)
  const interps = await get('/api/interpretations?limit=50')
  const bundles = await get('/api/bundles')
  const spare = await spareIds(baseURL)
  ids = {
    document: docs.items[0].id,
    english: english.items[0].id,
    interpretation: interps[0].id,
    video: interps.find((i: { kind: string }) => i.kind === 'video').id,
    consultation: spare.consultationId,
    event: spare.eventId,
    bundle: (Array.isArray(bundles) ? bundles : bundles.items)[0].slug,
  }

  // A comment and a sign-up through the real forms, so that 我的 has a receipt and a ticket to show.
  const context = await browser.newContext({ baseURL, viewport: PHONE, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block' })
  const page = await context.newPage()
  await page.goto(`/interact/consultations/${ids.consultation}/comment`)
  await page.locator('#comment-text').fill('建议在社区公告栏同时张贴纸质版，方便不用手机的老人了解。')
  await page.locator('#comment-consent').check()
  await page.locator('.comment-form__submit').click()
  await page.waitForURL(/\/me\/receipts\//)
  await page.goto(`/events/${ids.event}/signup`)
  await signUp(page, { name: '李阿姨', phone: '13912345678' })
  await page.waitForURL(/\/me\/tickets\//)
  deviceState = await page.evaluate(() => Object.fromEntries(Object.entries(localStorage).filter(([k]) => k !== 'gongkai.settings')))
  await context.close()
}, 120_000)
afterAll(() => browser?.close())

function residentRoutes(): string[] {
  const receipt = (JSON.parse(deviceState['gongkai.receipts'] ?? '[]') as Array<{ receiptNumber: string }>)[0]!.receiptNumber
  const ticket = (JSON.parse(deviceState['gongkai.registrations'] ?? '[]') as Array<{ code: string }>)[0]!.code
  return [
    '/',
    '/policies',
    `/policies?q=${encodeURIComponent('加装电梯')}`,
    `/policies/${ids.document}`,
    `/policies/${ids.english}`,
    `/interpretations/${ids.interpretation}`,
    `/interpretations/${ids.video}`,
    `/policies/topics/${ids.bundle}`,
    '/policies/faq',
    '/interact',
    '/interact/decisions',
    `/interact/consultations/${ids.consultation}`,
    `/interact/consultations/${ids.consultation}/comment`,
    '/events',
    '/events/proposals',
    `/events/${ids.event}`,
    `/events/${ids.event}/signup`,
    '/me',
    '/me/receipts',
    `/me/receipts/${receipt}`,
    '/me/tickets',
    `/me/tickets/${ticket}`,
    '/me/questions',
    '/me/offline',
    '/no-such-page',
  ]
}

function staffRoutes(): string[] {
  return [
    '/admin',
    '/admin/questions',
    '/admin/documents',
    '/admin/documents/new',
    `/admin/documents/${ids.english}`,
    `/admin/documents/${ids.document}/interpretations/new`,
    '/admin/bundles',
    '/admin/consultations',
    '/admin/consultations/new',
    `/admin/consultations/${ids.consultation}`,
    `/admin/consultations/${ids.consultation}/versions/new`,
    '/admin/consultations/decisions',
    '/admin/events',
    '/admin/events/proposals',
    '/admin/events/new',
    `/admin/events/${ids.event}`,
    `/admin/events/${ids.event}/edit`,
    `/admin/events/${ids.event}/checkin`,
    '/admin/security',
  ]
}

interface Variant { viewport: { width: number, height: number }, locale: 'zh-CN' | 'en', elder: boolean, dark?: boolean }
const name = (v: Variant) => `${v.viewport.width}×${v.viewport.height}, ${v.locale}, 长者模式 ${v.elder ? 'on' : 'off'}${v.dark ? ', dark' : ''}`

/** A context for the variant; `staff` starts it signed in as the e2e admin (./support/staff.ts). */
async function context(v: Variant, staff = false): Promise<BrowserContext> {
  const phone = v.viewport.width < 600
  const ctx = await browser.newContext({
    baseURL,
    viewport: v.viewport,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: v.locale,
    colorScheme: v.dark ? 'dark' : 'light',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'block',
    storageState: staff ? staffState() : undefined,
  })
  await ctx.addInitScript(([settings, state]) => {
    if (!sessionStorage.getItem('a11y-seeded')) {
      sessionStorage.setItem('a11y-seeded', '1')
      localStorage.setItem('gongkai.settings', settings)
      for (const [k, value] of Object.entries(state))
        localStorage.setItem(k, value)
    }
  }, [JSON.stringify({ locale: v.locale, elderMode: v.elder, elderOffered: true }), deviceState] as const)
  return ctx
}

/** What axe does not check: page structure, sideways scrolling, residents' 44 px targets. */
function structure(resident: boolean) {
  const problems: string[] = []
  // a page that renders nothing would pass axe: main must be on screen, with some size
  const main = document.querySelector('main')
  if (!main?.checkVisibility() || main.getBoundingClientRect().height < 100)
    problems.push('main is not rendered')
  const h1 = document.querySelectorAll('main h1')
  if (h1.length !== 1 || document.querySelectorAll('h1').length !== 1)
    problems.push(`${document.querySelectorAll('h1').length} h1 on the page`)
  const skip = document.querySelector<HTMLAnchorElement>('a.skip-link')
  if (!skip || skip.getAttribute('href') !== '#main' || !document.querySelector('main#main'))
    problems.push('no skip link to main')
  if (document.documentElement.scrollWidth > window.innerWidth)
    problems.push(`scrolls sideways (${document.documentElement.scrollWidth} px wide)`)
  if (resident) {
    const small: string[] = []
    for (const el of document.querySelectorAll<HTMLElement>('a[href], button, input:not([type="hidden"]), select, textarea, summary, [role="button"], [tabindex="0"]')) {
      const box = el.getBoundingClientRect()
      if (!box.width || !box.height || el.closest('[aria-hidden="true"], .visually-hidden') || el.classList.contains('skip-link'))
        continue
      // a link inside a sentence is exempt (WCAG 2.5.8); a radio or checkbox counts with its label
      const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline' && el.parentElement && /\S/.test([...el.parentElement.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join(''))
      const label = (el as HTMLInputElement).labels?.[0]?.getBoundingClientRect()
      const target = label && label.height >= box.height ? label : box
      if (!inline && (target.width < 43.5 || target.height < 43.5))
        small.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : el.className ? `.${String(el.className).split(' ')[0]}` : ''} "${(el.textContent ?? '').trim().slice(0, 20)}" ${Math.round(target.width)}×${Math.round(target.height)}`)
    }
    if (small.length)
      problems.push(`targets under 44 px: ${small.slice(0, 5).join('; ')}`)
  }
  return problems
}

/** Waits until the page has its h1, nothing is loading and no request is in flight (quicker than networkidle's 500 ms). */
function settler(page: Page) {
  let inflight = 0
  page.on('request', () => inflight++)
  page.on('requestfinished', () => inflight--)
  page.on('requestfailed', () => inflight--)
  return async () => {
    await page.locator('main h1').first().waitFor({ state: 'attached' })
    for (let quiet = 0; quiet < 3;) {
      await page.waitForTimeout(40)
      quiet = inflight <= 0 && await page.evaluate(() => !document.querySelector('[aria-busy="true"]')) ? quiet + 1 : 0
    }
  }
}

async function sweep(page: Page, paths: string[], resident: boolean): Promise<string[]> {
  const found: string[] = []
  const settle = settler(page)
  for (const path of paths) {
    await page.goto(path)
    await settle()
    // a redirect (to sign in, say) would have the wrong page checked
    const landed = new URL(page.url()).pathname
    if (landed !== new URL(path, baseURL).pathname) {
      found.push(`${path} ended on ${landed}`)
      continue
    }
    // violations only: collecting passes and incomplete results for every node is most of axe's time
    const { violations } = await new AxeBuilder({ page }).withTags(TAGS).options({ resultTypes: ['violations'] }).analyze()
    found.push(...violations.map(v => `${path} ${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`))
    found.push(...(await page.evaluate(structure, resident)).map(p => `${path} ${p}`))
  }
  return found
}

/*
 * By default every route runs in four combinations that hold every pair of viewport, language and 长者模式
 * (a pairwise design: each viewport is seen in both languages and both modes, and so on), plus the dark theme
 * twice. GONGKAI_A11Y_FULL=1 runs all eight combinations (and the two dark ones): about twice as long.
 */
const FULL = process.env.GONGKAI_A11Y_FULL === '1'
const RESIDENT: Variant[] = FULL
  ? [PHONE, DESKTOP].flatMap(viewport => (['zh-CN', 'en'] as const).flatMap(locale => [false, true].map(elder => ({ viewport, locale, elder }))))
  : [
      { viewport: PHONE, locale: 'zh-CN', elder: false },
      { viewport: PHONE, locale: 'en', elder: true },
      { viewport: DESKTOP, locale: 'zh-CN', elder: true },
      { viewport: DESKTOP, locale: 'en', elder: false },
    ]
const DARK: Variant[] = [{ viewport: PHONE, locale: 'zh-CN', elder: true, dark: true }, { viewport: DESKTOP, locale: 'en', elder: false, dark: true }]

// Two combinations at a time: axe is CPU-bound in the page, and CI has two cores.
let running = 0
const waiting: Array<() => void> = []
async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= 2)
    await new Promise<void>(resolve => waiting.push(resolve))
  running++
  try {
    return await work()
  }
  finally {
    running--
    waiting.shift()?.()
  }
}

describe.concurrent('accessibility (axe, WCAG 2.2 AA) on every resident screen', () => {
  for (const v of [...RESIDENT, ...DARK]) {
    it(`has no violations: ${name(v)}`, () => slot(async () => {
      const ctx = await context(v)
      const page = await ctx.newPage()
      const found = await sweep(page, residentRoutes(), true)
      await ctx.close()
      expect(found).toEqual([])
    }), 600_000)
  }
})

describe.concurrent('accessibility (axe, WCAG 2.2 AA) on every staff screen', () => {
  const STAFF = [...RESIDENT, ...DARK]
  for (const v of STAFF) {
    it(`has no violations: ${name(v)}`, () => slot(async () => {
      const visitor = await context(v)
      const found = await sweep(await visitor.newPage(), ['/admin/login'], false)
      await visitor.close()
      const ctx = await context(v, true)
      found.push(...await sweep(await ctx.newPage(), staffRoutes(), false))
      await ctx.close()
      expect(found).toEqual([])
    }), 600_000)
  }
})

describe('长者模式', () => {
  const phone = (extra: Parameters<Browser['newContext']>[0] = {}) => browser.newContext({ baseURL, viewport: PHONE, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', serviceWorkers: 'block', ...extra })
  const elderClass = (page: Page) => page.evaluate(() => document.documentElement.classList.contains('elder'))
  const saved = (page: Page) => page.evaluate(() => JSON.parse(localStorage.getItem('gongkai.settings') ?? '{}') as { elderMode?: boolean, elderOffered?: boolean })

  it('is offered once, inline on the home page: turned on, it is remembered on the device', async () => {
    const ctx = await phone()
    const page = await ctx.newPage()
    // a first visit that starts elsewhere does not use up the offer
    await page.goto('/policies')
    await page.locator('main h1').waitFor()
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '首页' }).click()
    const offer = page.getByRole('region', { name: '字看不清？试试长者模式' })
    await offer.waitFor()
    expect(await page.locator('[role="dialog"], dialog').count()).toBe(0)
    // the offer sits in the page's flow, under the welcome line, before the search box
    expect(await page.evaluate(() => {
      const banner = document.querySelector('.elder-offer')!
      return banner.compareDocumentPosition(document.querySelector('.search-form')!) & Node.DOCUMENT_POSITION_FOLLOWING
    })).toBeTruthy()
    const yes = offer.getByRole('button', { name: '打开长者模式' })
    const box = (await yes.boundingBox())!
    expect(box.height).toBeGreaterThanOrEqual(60)
    await snap(page, 'elder-offer')
    await yes.click()
    expect(await elderClass(page)).toBe(true)
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('已打开长者模式。随时可以在“我的”里关闭。')
    expect(await saved(page)).toMatchObject({ elderMode: true, elderOffered: true })
    await snap(page, 'elder-offer-accepted')

    await page.reload()
    await page.locator('main h1').waitFor({ state: 'attached' })
    expect(await elderClass(page)).toBe(true)
    expect(await page.locator('.elder-offer').count()).toBe(0)
    // the home page is the four main actions, each at least 60 px
    const actions = page.locator('.home__action')
    expect(await actions.count()).toBe(4)
    for (const a of await actions.all()) {
      const b = (await a.boundingBox())!
      expect(Math.min(b.width, b.height)).toBeGreaterThanOrEqual(60)
    }
    expect(await page.locator('.search-form').isVisible()).toBe(false)
    expect(await page.locator('.home__latest').isVisible()).toBe(false)

    // and 我的 has the switch to turn it off again
    await page.goto('/me')
    const toggle = page.getByRole('switch', { name: /长者模式/ })
    expect(await toggle.isChecked()).toBe(true)
    await toggle.click()
    expect(await elderClass(page)).toBe(false)
    await ctx.close()
  })

  it('is offered on one visit only: declined or ignored, it is not offered again', async () => {
    const ctx = await phone()
    const page = await ctx.newPage()
    await page.goto('/')
    await page.getByRole('button', { name: '不用了' }).click()
    expect(await elderClass(page)).toBe(false)
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('好的。需要时可以在“我的”里打开长者模式。')
    await page.reload()
    await page.locator('main h1').waitFor({ state: 'attached' })
    expect(await page.locator('.elder-offer').count()).toBe(0)
    await ctx.close()

    const other = await phone()
    const ignored = await other.newPage()
    await ignored.goto('/')
    await ignored.locator('.elder-offer').waitFor()
    await ignored.reload()
    await ignored.locator('main h1').waitFor({ state: 'attached' })
    await ignored.waitForTimeout(200)
    expect(await ignored.locator('.elder-offer').count()).toBe(0)
    expect(await saved(ignored)).toMatchObject({ elderOffered: true })
    await other.close()
  })

  it('enlarges body text to 22 px with line height 1.5 and makes primary actions 60×60 px', async () => {
    const ctx = await phone()
    await ctx.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true })))
    const page = await ctx.newPage()
    const problems: string[] = []
    for (const path of residentRoutes()) {
      await page.goto(path)
      await settler(page)()
      problems.push(...(await page.evaluate(() => {
        const out: string[] = []
        if (!document.querySelector('main')?.checkVisibility())
          out.push('main is not rendered')
        const body = getComputedStyle(document.body)
        if (Number.parseFloat(body.fontSize) < 22 || Number.parseFloat(body.lineHeight) / Number.parseFloat(body.fontSize) < 1.5)
          out.push(`body text ${body.fontSize} / ${body.lineHeight}`)
        for (const p of document.querySelectorAll<HTMLElement>('main p:not(.muted)')) {
          const s = getComputedStyle(p)
          if (p.offsetParent && (Number.parseFloat(s.fontSize) < 22 || Number.parseFloat(s.lineHeight) / Number.parseFloat(s.fontSize) < 1.5))
            out.push(`paragraph "${p.textContent?.trim().slice(0, 16)}" ${s.fontSize} / ${s.lineHeight}`)
        }
        for (const b of document.querySelectorAll<HTMLElement>('main .button--primary, main .home__action')) {
          const r = b.getBoundingClientRect()
          if (r.width && (r.width < 60 || r.height < 60))
            out.push(`primary action "${b.textContent?.trim().slice(0, 16)}" ${Math.round(r.width)}×${Math.round(r.height)}`)
        }
        return out.slice(0, 4)
      })).map(p => `${path} ${p}`))
    }
    await ctx.close()
    expect(problems).toEqual([])
  }, 120_000)

  it('does not scroll sideways at 320 px with the phone\'s font at 200 %, on every resident screen', async () => {
    const ctx = await phone({ viewport: { width: 320, height: 640 } })
    await ctx.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ elderMode: true, elderOffered: true })))
    const page = await ctx.newPage()
    // the browser's default font size, as Android's system font setting sets it: 16 px × 200 %
    const cdp = await ctx.newCDPSession(page)
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } })
    const wide: string[] = []
    for (const path of residentRoutes()) {
      await page.goto(path)
      await settler(page)()
      // 长者模式 on top of the phone's own setting: 32 px × 1.375
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('44px')
      const { width, culprit } = await page.evaluate(() => {
        const limit = document.documentElement.clientWidth
        // what sticks out, leaving aside what scrolls inside a container of its own (a row of cards)
        const scrolls = (el: HTMLElement) => {
          for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
            if (/auto|scroll|hidden/.test(getComputedStyle(p).overflowX))
              return true
          }
          return false
        }
        const over = [...document.querySelectorAll<HTMLElement>('body *')].find(el => el.getBoundingClientRect().right > limit + 1 && !el.closest('.visually-hidden') && !scrolls(el))
        return { width: document.documentElement.scrollWidth, culprit: over ? `${over.tagName.toLowerCase()}.${String(over.className).split(' ')[0]}` : '' }
      })
      if (width > 320)
        wide.push(`${path} is ${width} px wide (${culprit})`)
      if (path === '/' || (path.startsWith('/events/') && path.endsWith('/signup')))
        await snap(page, `elder-320-200pct${path === '/' ? '-home' : '-signup'}`)
    }
    await ctx.close()
    expect(wide).toEqual([])
  }, 120_000)
})
