import type { Browser, BrowserContext, Page } from 'playwright-core'
import { mkdirSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const PHONE = { width: 390, height: 844 }
export const SCREENSHOTS = 'test-results/screenshots'

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Debian's Chromium, headless, with the flags this closed network needs (../shared/STACK.md). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS })
}

/**
 * A phone with a real profile on disk: what installability checks need (Chromium calls every
 * ordinary Playwright context incognito, and an incognito page is never installable).
 */
export function persistentPhone(baseURL: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'gongkai-profile-')), {
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
}

/** A phone: 390×844, touch, Chinese. */
export function phoneContext(browser: Browser, baseURL: string, opts: { locale?: string, serviceWorkers?: 'allow' | 'block' } = {}): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    viewport: PHONE,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: opts.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: opts.serviceWorkers ?? 'block',
  })
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
