import type { Page } from 'playwright-core'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TOTP } from 'otpauth'
import { inject } from 'vitest'

const STEP_MS = 30_000

/** The code an authenticator app shows for a secret in a given 30-second step. */
export function totpCode(secret: string, step: number): string {
  return new TOTP({ secret, algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: step * STEP_MS })
}

// Each code works once. Files run one after another against one server, so the last step used for a
// secret is kept in a file beside the run: the next sign-in takes a later step instead of being refused.
const ledger = (secret: string) => join(tmpdir(), `gongkai-e2e-totp-${new URL(inject('baseURL')).port}-${secret.slice(0, 8)}.json`)
const lastStep = (secret: string) => existsSync(ledger(secret)) ? Number(JSON.parse(readFileSync(ledger(secret), 'utf8'))) : -1

/**
 * Fills the code step with a code from `secret` for a step not used yet (the server accepts one step
 * either side of now), waiting for the clock when those are used; a refused code moves on to the next.
 */
export async function enterAuthenticatorCode(page: Page, secret: string) {
  const field = page.locator('#login-code')
  await field.waitFor()
  let step = Math.max(Math.floor(Date.now() / STEP_MS) - 1, lastStep(secret) + 1)
  for (let attempt = 0; attempt < 3; attempt++) {
    const wait = (step - 1) * STEP_MS - Date.now()
    if (wait > 0)
      await page.waitForTimeout(wait + 500)
    await field.fill(totpCode(secret, step))
    writeFileSync(ledger(secret), JSON.stringify(step))
    await page.locator('form button[type=submit]').click()
    const outcome = await Promise.race([
      page.waitForURL(url => !url.pathname.startsWith('/admin/login'), { timeout: 15_000 }).then(() => 'in' as const),
      page.locator('#login-code-error').waitFor({ timeout: 15_000 }).then(() => 'refused' as const),
    ])
    if (outcome === 'in')
      return
    step++
  }
  throw new Error('no authenticator code was accepted')
}

/**
 * Signs the e2e admin in through the console's sign-in page (going there when the page is elsewhere):
 * email and password, then a code computed from the admin's TOTP secret. Any language.
 */
export async function signInAsAdmin(page: Page) {
  const admin = inject('admin')
  if (!new URL(page.url(), 'http://x').pathname.startsWith('/admin/login'))
    await page.goto('/admin/login')
  await page.locator('#login-email').fill(admin.email)
  await page.locator('#login-password').fill(admin.password)
  await page.locator('form button[type=submit]').click()
  await enterAuthenticatorCode(page, admin.totpSecret)
}
