import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, launchBrowser, PHONE, phoneContext, snap } from './support/browser'
import { enterAuthenticatorCode, signInAsAdmin, totpCode } from './support/staff'

const baseURL = inject('baseURL')
let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

const fitsPhone = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
const expectedErrors = (errors: string[]) => errors.filter(e => !/^Failed to load resource: the server responded with a status of 40[01]/.test(e))
const NEW = { email: `new-${Date.now()}@e2e.gongkai.test`, displayName: '新同事', role: 'editor', password: 'a long password for e2e' }
const NEW_PASSWORD = 'plum rain over the huangpu'

async function passwordStep(page: Page) {
  await page.goto('/admin')
  await page.waitForURL(/\/admin\/login/)
  await page.getByLabel('邮箱').fill(NEW.email)
  await page.getByLabel('密码').fill(NEW.password)
  await page.getByRole('button', { name: '登录' }).click()
}

describe('staff sign in with a second factor', () => {
  it('a new staff member enrols an authenticator, keeps the recovery codes, and signs in with a code; an admin resets it', async () => {
    // an admin creates the account
    const adminContext = await phoneContext(browser, baseURL)
    const admin = await adminContext.newPage()
    await admin.goto('/admin')
    await admin.waitForURL(/\/admin\/login/)
    await signInAsAdmin(admin)
    await admin.waitForURL(url => url.pathname === '/admin')
    const made = await adminContext.request.post('/api/admin/staff', { data: NEW, headers: { origin: baseURL } })
    expect(made.status()).toBe(201)

    // first sign-in: password, then enrolment
    const context = await phoneContext(browser, baseURL)
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await passwordStep(page)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('设置两步验证')
    const qr = page.getByRole('img', { name: '身份验证器设置二维码' })
    await qr.waitFor()
    expect((await qr.boundingBox())!.width).toBeGreaterThanOrEqual(180)
    const grouped = (await page.locator('.enrol__secret code').textContent())!.trim()
    expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/)
    const secret = grouped.replace(/ /g, '')
    await fitsPhone(page)
    await snap(page, 'staff-enrol')

    // a wrong code is refused with the error tied to the field
    const codeField = page.getByLabel('第 2 步：输入身份验证器显示的 6 位数字，完成设置。')
    await codeField.fill('000000')
    await page.getByRole('button', { name: '完成设置' }).click()
    await page.locator('#enrol-code-error').waitFor()
    expect(await codeField.getAttribute('aria-describedby')).toBe('enrol-code-error')
    expect(await codeField.getAttribute('aria-invalid')).toBe('true')

    const step = Math.floor(Date.now() / 30_000)
    await codeField.fill(totpCode(secret, step))
    await page.getByRole('button', { name: '完成设置' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('保存恢复码')
    const codes = await page.locator('.recovery__codes li').allTextContents()
    expect(codes.map(c => c.trim())).toHaveLength(10)
    for (const code of codes)
      expect(code.trim()).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/)
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(true)
    await fitsPhone(page)
    await snap(page, 'staff-recovery-codes')
    await page.getByRole('button', { name: '复制全部' }).click()
    await page.getByRole('status').filter({ hasText: /复制/ }).waitFor()
    await page.getByRole('button', { name: '我已保存恢复码，继续' }).click()
    await page.waitForURL(url => url.pathname === '/admin')

    // 账户安全: ten codes left, then sign out
    await page.getByRole('link', { name: '账户安全' }).click()
    await page.waitForURL(/\/admin\/security$/)
    await page.getByText('未使用的恢复码：10 个').waitFor()
    await fitsPhone(page)
    await snap(page, 'staff-security')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/admin\/login/)

    // second sign-in: the code step (a code from a later step: the enrolment's is used)
    await passwordStep(page)
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('两步验证')
    const code = page.getByLabel('6 位验证码')
    expect(await code.getAttribute('autocomplete')).toBe('one-time-code')
    expect(await code.getAttribute('inputmode')).toBe('numeric')
    await fitsPhone(page)
    await snap(page, 'staff-code-step')
    await code.fill(totpCode(secret, step))
    await page.getByRole('button', { name: '验证并登录' }).click()
    await page.locator('#login-code-error').waitFor()
    expect(await page.locator('#login-code-error').textContent()).toContain('已经用过')
    await enterAuthenticatorCode(page, secret)
    await page.waitForURL(url => url.pathname === '/admin')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/admin\/login/)

    // third: a recovery code instead
    await passwordStep(page)
    await page.getByRole('button', { name: '手机不在身边？使用恢复码' }).click()
    await page.getByLabel('恢复码').fill(codes[0]!.trim())
    await page.getByRole('button', { name: '验证并登录' }).click()
    await page.waitForURL(url => url.pathname === '/admin')
    await page.goto('/admin/security')
    await page.getByText('未使用的恢复码：9 个').waitFor()

    // 账户安全: change the password; a wrong current one is refused on its field, and what was typed stays
    const current = page.getByLabel('当前密码')
    const fresh = page.getByLabel('新密码', { exact: true })
    await current.fill('not my password')
    await fresh.fill(NEW_PASSWORD)
    await page.getByLabel('再次输入新密码').fill(NEW_PASSWORD)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.locator('#password-current-error').waitFor()
    expect(await page.locator('#password-current-error').textContent()).toContain('当前密码不正确')
    expect(await current.getAttribute('aria-describedby')).toBe('password-current-error')
    expect(await fresh.getAttribute('aria-describedby')).toBe('password-new-hint')
    expect(await fresh.inputValue()).toBe(NEW_PASSWORD)
    await fitsPhone(page)
    await snap(page, 'staff-password-error')
    await current.fill(NEW.password)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor()
    expect(await current.inputValue()).toBe('')
    expect((await context.request.get('/api/auth/me')).status()).toBe(200)
    // 长者模式: the form still fits and its action is a large target
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await page.reload()
    const submit = page.getByRole('button', { name: '修改密码' })
    await submit.waitFor()
    expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'staff-password-elder')

    // the admin resets it: the member's session ends at once
    await admin.goto('/admin/security')
    const row = admin.locator('li', { hasText: NEW.email })
    await row.getByText('两步验证：已设置').waitFor()
    await row.getByRole('button', { name: '重置两步验证' }).click()
    await admin.getByRole('status').filter({ hasText: '已重置“新同事”的两步验证。' }).waitFor()
    await row.getByText('两步验证：未设置').waitFor()
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-reset')
    expect((await context.request.get('/api/auth/me')).status()).toBe(401)

    // and gives a temporary password, shown once, that must be changed
    await row.getByRole('button', { name: '重置密码' }).click()
    const temporary = (await admin.locator('#temporary-password').textContent())!.trim()
    expect(temporary).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
    await row.getByText('须修改密码').waitFor()
    await admin.getByRole('button', { name: '复制临时密码' }).click()
    await admin.getByRole('status').filter({ hasText: /复制/ }).waitFor()
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-password-reset')
    await admin.getByRole('button', { name: '我已告知对方，关闭' }).click()
    expect(await admin.locator('#temporary-password').count()).toBe(0)

    expect(expectedErrors(errors)).toEqual([])
    await context.close()
    await adminContext.close()
  }, 180_000)

  it('reads well in English and in 长者模式 at the code step', async () => {
    const context = await phoneContext(browser, baseURL, { locale: 'en-GB' })
    await context.addInitScript(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'en', elderMode: true, elderOffered: true })))
    const page = await context.newPage()
    await page.goto('/admin/login')
    const admin = inject('admin')
    await page.locator('#login-email').waitFor()
    await page.getByLabel('Email').fill(admin.email)
    await page.getByLabel('Password').fill(admin.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Two-step verification')
    const code = page.getByLabel('6-digit code')
    expect(await code.getAttribute('aria-describedby')).toBe('login-code-hint')
    expect(await page.locator('#login-code-hint').textContent()).toContain('30 seconds')
    const verify = await page.getByRole('button', { name: 'Verify and sign in' }).boundingBox()
    expect(verify!.height).toBeGreaterThanOrEqual(60) // a primary action in 长者模式
    await page.getByRole('button', { name: 'Phone not at hand? Use a recovery code' }).click()
    await page.getByLabel('Recovery code').waitFor()
    await fitsPhone(page)
    await snap(page, 'staff-code-step-en-elder')
    await context.close()
  })
})
