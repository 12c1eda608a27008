import type { Browser, BrowserContext, Page } from 'playwright-core'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { expect } from 'vitest'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const PHONE = { width: 390, height: 844 }
export const SCREENSHOTS = 'test-results/screenshots'

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/**
 * Debian's Chromium, headless, with the flags this closed network needs (../shared/STACK.md);
 * `remoteDebuggingPort` opens the DevTools port for a tool that drives the browser itself (Lighthouse).
 */
export function launchBrowser(opts: { remoteDebuggingPort?: number } = {}): Promise<Browser> {
  const debug = opts.remoteDebuggingPort ? [`--remote-debugging-port=${opts.remoteDebuggingPort}`] : []
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...debug] })
}

/**
 * A phone with a real profile on disk: what installability checks need (Chromium calls every
 * ordinary Playwright context incognito, and an incognito page is never installable). The profile
 * is removed when the context closes.
 */
export async function persistentPhone(baseURL: string): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'gongkai-profile-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ARGS,
    baseURL,
    viewport: PHONE,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: 'allow',
  })
  // a persistent context is its own browser: once close() has resolved, that browser has exited
  const close = context.close.bind(context)
  context.close = async (options) => {
    await close(options)
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 })
  }
  return context
}

/**
 * A persistent phone whose first page has opened the app and is controlled by its service worker
 * (a first visit is not, until the worker claims it): what offline and update flows start from.
 */
export async function controlledPhone(baseURL: string): Promise<{ context: BrowserContext, page: Page }> {
  const context = await persistentPhone(baseURL)
  const page = context.pages()[0] ?? await context.newPage()
  await page.goto('/')
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready
    if (!navigator.serviceWorker.controller)
      await new Promise(resolve => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }))
  })
  return { context, page }
}

export interface PhoneOptions {
  locale?: string
  serviceWorkers?: 'allow' | 'block'
  /** a Playwright storage state file: cookies and local storage the phone starts with */
  storageState?: string
  permissions?: string[]
  /** the browser's User-Agent, when the test needs another device than this Chromium (what a staff session is listed as) */
  userAgent?: string
}

/** A phone: 390×844, touch, Chinese. */
export function phoneContext(browser: Browser, baseURL: string, opts: PhoneOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: opts.serviceWorkers ?? 'block',
    storageState: opts.storageState,
    permissions: opts.permissions,
    userAgent: opts.userAgent,
  })
}

/** Fails when the page is wider than the phone, i.e. scrolls sideways. */
export async function fitsPhone(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  expect(width, `${page.url()} scrolls sideways`).toBeLessThanOrEqual(PHONE.width)
}

/** The page's main heading, trimmed (what a screen reader announces as the page's title). */
export const mainHeading = (page: Page) => page.locator('main h1').first().textContent().then(s => s?.trim())

/** What the app last said in its polite live region (App.vue). */
export const announced = (page: Page) => page.locator('[role="status"][aria-live="polite"]').last().textContent()

/** A list a store keeps in localStorage (`gongkai.receipts`, `gongkai.questions`…). */
export const storedList = <T>(page: Page, key: string) => page.evaluate(k => JSON.parse(localStorage.getItem(k) ?? '[]') as unknown, key) as Promise<T[]>

/** The layout shift the page has had so far (every shift, summed), read after `settleMs` more. */
export function layoutShift(page: Page, settleMs = 200): Promise<number> {
  return page.evaluate(settle => new Promise<number>((resolve) => {
    let sum = 0
    new PerformanceObserver(list => list.getEntries().forEach((e) => {
      sum += (e as PerformanceEntry & { value: number }).value
    })).observe({ type: 'layout-shift', buffered: true })
    setTimeout(() => resolve(sum), settle)
  }), settleMs)
}

/** Saves a screenshot under test-results/ for a person to look at. */
export async function snap(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: false })
}

/** Fails the test on any console error or uncaught exception in the page (CSP violations included). */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = []
  page.on('console', (msg) => {
    if (msg.type() === 'error')
      errors.push(msg.text())
  })
  page.on('pageerror', error => errors.push(error.message))
  return errors
}
