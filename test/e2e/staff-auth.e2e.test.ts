import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { collectPageErrors, fitsPhone, launchBrowser, phoneContext, snap } from './support/browser'
import { staffContext, staffPage, totpCode, totpStep } from './support/staff'

// The sign-in under test is the new member's, through the console's pages; the admin beside them starts
// signed in (./support/staff.ts).
const baseURL = inject('baseURL')
let browser: Browser
beforeAll(async () => {
  browser = await launchBrowser()
})
afterAll(() => browser?.close())

// 401s of the sign-in steps, 403s while a must-change password keeps the console to 账户安全, and 400s the
// forms refuse: a page that fails to load says so, so nothing else is reported
const expectedErrors = (errors: string[]) => errors.filter(e => !/^Failed to load resource: the server responded with a status of 40[013]/.test(e))
const NEW = { email: `new-${Date.now()}@e2e.gongkai.test`, displayName: '新同事' }
const NEW_PASSWORD = 'plum rain over the huangpu'
const AFTER_RESET_PASSWORD = 'magnolia blossoms on fuxing road'
/** the copy buttons' success message (AdminRecoveryCodes.vue, AdminTemporaryPassword.vue); a refused clipboard says 无法复制… */
const COPIED = /^\s*已复制到剪贴板。\s*$/
const CLIPBOARD = ['clipboard-read', 'clipboard-write']
const clipboard = (page: Page) => page.evaluate(() => navigator.clipboard.readText())
const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36'

async function passwordStep(page: Page, password: string, email = NEW.email) {
  await page.goto('/admin')
  await page.waitForURL(/\/admin\/login/)
  await page.getByLabel('邮箱').fill(email)
  await page.getByLabel('密码').fill(password)
  await page.getByRole('button', { name: '登录' }).click()
}

/** The enrolment step: reads the secret shown, confirms it with the current code; answers the secret. */
async function enrol(page: Page): Promise<{ secret: string, step: number }> {
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('设置两步验证')
  const grouped = (await page.locator('.enrol__secret code').textContent())!.trim()
  expect(grouped).toMatch(/^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/)
  const secret = grouped.replace(/ /g, '')
  const step = totpStep()
  await page.getByLabel('第 2 步：输入身份验证器显示的 6 位数字，完成设置。').fill(totpCode(secret, step))
  await page.getByRole('button', { name: '完成设置' }).click()
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('保存恢复码')
  return { secret, step }
}

describe('staff sign in with a second factor', () => {
  it('an admin adds a colleague, who enrols an authenticator, keeps the recovery codes, changes the password and signs in with a code; the admin resets, disables and enables the account', async () => {
    // an admin adds the account in 账户安全, and is shown its temporary password once
    const adminContext = await staffContext(browser, baseURL, { permissions: CLIPBOARD })
    const admin = await staffPage(adminContext, '/admin/security')
    await admin.getByText('添加工作人员').click()
    await admin.getByLabel('姓名').fill(NEW.displayName)
    const newEmail = admin.getByLabel('工作邮箱（用于登录）')
    await newEmail.fill('not-an-email')
    await admin.getByRole('button', { name: '添加', exact: true }).click()
    await admin.locator('#new-staff-email-error').waitFor()
    expect(await newEmail.getAttribute('aria-invalid')).toBe('true')
    expect(await admin.getByLabel('姓名').inputValue()).toBe(NEW.displayName)
    await newEmail.fill(NEW.email)
    await admin.getByLabel('角色').selectOption({ label: '编辑' })
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-add')
    await admin.getByRole('button', { name: '添加', exact: true }).click()
    await admin.getByRole('heading', { name: '“新同事”的临时密码' }).waitFor()
    const first = (await admin.locator('#temporary-password').textContent())!.trim()
    expect(first).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
    expect(await admin.locator('#temporary-hint').textContent()).toContain('首次登录时须设置两步验证')
    expect(await admin.locator('#temporary-hint').textContent()).toContain('72 小时内有效')
    await admin.getByRole('status').filter({ hasText: '已添加“新同事”。' }).waitFor()
    const row = admin.locator('li', { hasText: NEW.email })
    await row.getByText('须修改密码').waitFor()
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-added')
    await admin.getByRole('button', { name: '我已告知对方，关闭' }).click()

    // first sign-in: the temporary password, then enrolment
    const context = await phoneContext(browser, baseURL, { permissions: CLIPBOARD })
    const page = await context.newPage()
    const errors = collectPageErrors(page)
    await passwordStep(page, first)
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

    const step = totpStep()
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
    await page.getByRole('status').filter({ hasText: COPIED }).waitFor()
    expect(await clipboard(page)).toBe(codes.map(c => c.trim()).join('\n'))
    await page.getByRole('button', { name: '我已保存恢复码，继续' }).click()

    // until the temporary password is changed, the console keeps to 账户安全; a wrong current one is refused on its field, and what was typed stays
    await page.waitForURL(url => url.pathname === '/admin/security')
    await page.getByRole('alert').filter({ hasText: '您的密码由管理员重置或由系统生成，请先在下面修改密码' }).waitFor()
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
    await current.fill(first)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor()
    expect(await current.inputValue()).toBe('')
    expect((await context.request.get('/api/admin/documents')).status()).toBe(200)

    // 账户安全: ten codes left, then sign out
    await page.getByText('未使用的恢复码：10 个').waitFor()
    await fitsPhone(page)
    await snap(page, 'staff-security')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/admin\/login/)

    // second sign-in: the code step; the enrolment's step is used up, the next one (the server allows one step ahead) is not
    await passwordStep(page, NEW_PASSWORD)
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
    await code.fill(totpCode(secret, step + 1))
    await page.getByRole('button', { name: '验证并登录' }).click()
    await page.waitForURL(url => url.pathname === '/admin')
    await page.getByRole('button', { name: '退出登录' }).click()
    await page.waitForURL(/\/admin\/login/)

    // third: a recovery code instead
    await passwordStep(page, NEW_PASSWORD)
    await page.getByRole('button', { name: '手机不在身边？使用恢复码' }).click()
    await page.getByLabel('恢复码').fill(codes[0]!.trim())
    await page.getByRole('button', { name: '验证并登录' }).click()
    await page.waitForURL(url => url.pathname === '/admin')
    await page.goto('/admin/security')
    await page.getByText('未使用的恢复码：9 个').waitFor()
    // 长者模式: the form still fits and its action is a large target
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await page.reload()
    const submit = page.getByRole('button', { name: '修改密码' })
    await submit.waitFor()
    expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(page)
    await snap(page, 'staff-password-elder')

    // the admin resets it: the member's session ends at once
    await admin.reload()
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
    await admin.getByRole('status').filter({ hasText: COPIED }).waitFor()
    expect(await clipboard(admin)).toBe(temporary)
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-password-reset')
    await admin.getByRole('button', { name: '我已告知对方，关闭' }).click()
    expect(await admin.locator('#temporary-password').count()).toBe(0)

    // the member signs in with the temporary password; their second factor was reset, so they set it up again
    await page.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: false, elderOffered: true })))
    expect((await context.request.post('/api/auth/login', { data: { email: NEW.email, password: NEW_PASSWORD }, headers: { origin: baseURL } })).status()).toBe(401)
    await passwordStep(page, temporary)
    const again = await enrol(page)
    expect(again.secret).not.toBe(secret)
    await page.getByRole('button', { name: '我已保存恢复码，继续' }).click()

    // until the password is changed, the console keeps to 账户安全, and says why
    const mustChange = page.getByRole('alert').filter({ hasText: '您的密码由管理员重置或由系统生成，请先在下面修改密码' })
    await page.waitForURL(url => url.pathname === '/admin/security')
    await mustChange.waitFor()
    await page.goto('/admin/documents')
    await page.waitForURL(url => url.pathname === '/admin/security')
    await mustChange.waitFor()
    expect((await context.request.get('/api/admin/documents')).status()).toBe(403)
    await fitsPhone(page)
    await snap(page, 'staff-must-change-password')

    await page.getByLabel('当前密码').fill(temporary)
    await page.getByLabel('新密码', { exact: true }).fill(AFTER_RESET_PASSWORD)
    await page.getByLabel('再次输入新密码').fill(AFTER_RESET_PASSWORD)
    await page.getByRole('button', { name: '修改密码' }).click()
    await page.getByRole('status').filter({ hasText: '密码已修改' }).waitFor()
    await expect.poll(() => mustChange.count()).toBe(0)
    await admin.reload()
    await admin.locator('li', { hasText: NEW.email }).getByText('两步验证：已设置').waitFor()
    expect(await admin.locator('li', { hasText: NEW.email }).getByText('须修改密码').count()).toBe(0)

    // and the console opens normally
    await page.goto('/admin/documents')
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('政策文件管理')
    expect(new URL(page.url()).pathname).toBe('/admin/documents')
    expect((await context.request.get('/api/admin/documents')).status()).toBe(200)
    await fitsPhone(page)
    await snap(page, 'staff-after-password-change')

    // the colleague leaves: the admin disables the account, after a question; their session ends at once
    await row.getByRole('button', { name: '停用账户' }).click()
    const ask = row.getByRole('group', { name: '停用账户' })
    expect(await ask.textContent()).toContain('停用后，“新同事”的登录立即结束')
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-disable')
    await ask.getByRole('button', { name: '确认停用' }).click()
    await admin.getByRole('status').filter({ hasText: '已停用“新同事”的账户，其登录已全部退出。' }).waitFor()
    await row.getByText('已停用').waitFor()
    expect(await row.getByRole('button', { name: '重置密码' }).count()).toBe(0)
    expect((await context.request.get('/api/auth/me')).status()).toBe(401)
    await page.goto('/admin/documents')
    await page.waitForURL(/\/admin\/login/)
    await page.getByLabel('邮箱').fill(NEW.email)
    await page.getByLabel('密码').fill(AFTER_RESET_PASSWORD)
    await page.getByRole('button', { name: '登录' }).click()
    await page.getByRole('alert').filter({ hasText: /邮箱或密码/ }).waitFor()

    // and enables it again: the password step lets them on to the code
    await row.getByRole('button', { name: '恢复账户' }).click()
    await admin.getByRole('status').filter({ hasText: '已恢复“新同事”的账户' }).waitFor()
    await row.getByRole('button', { name: '重置密码' }).waitFor()
    await page.getByRole('button', { name: '登录' }).click()
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('两步验证')

    expect(expectedErrors(errors)).toEqual([])
    await context.close()
    await adminContext.close()
  }, 180_000)

  it('a staff member signed in on two phones sees both sessions, ends the other one from the first, which is signed out at once; new recovery codes need the password; an admin ends everyone\'s sessions but their own', async () => {
    // the admin adds the colleague through the API (the console's form is the test above's)
    const adminContext = await staffContext(browser, baseURL)
    const email = `two-phones-${Date.now()}@e2e.gongkai.test`
    const made = await adminContext.request.post('/api/admin/staff', { data: { email, displayName: '两部手机', role: 'editor' }, headers: { origin: baseURL } })
    expect(made.status()).toBe(201)
    const { temporaryPassword } = await made.json() as { temporaryPassword: string }
    await adminContext.close()

    // the first phone (this Chromium): the temporary password, enrolment, a password of their own
    const first = await phoneContext(browser, baseURL)
    const here = await first.newPage()
    const errors = collectPageErrors(here)
    await passwordStep(here, temporaryPassword, email)
    const { secret, step } = await enrol(here)
    await here.getByRole('button', { name: '我已保存恢复码，继续' }).click()
    await here.waitForURL(url => url.pathname === '/admin/security')
    await here.getByLabel('当前密码').fill(temporaryPassword)
    await here.getByLabel('新密码', { exact: true }).fill(NEW_PASSWORD)
    await here.getByLabel('再次输入新密码').fill(NEW_PASSWORD)
    await here.getByRole('button', { name: '修改密码' }).click()
    await here.getByRole('status').filter({ hasText: '密码已修改' }).waitFor()

    // the second phone, an Android one, signs in with a code
    const second = await phoneContext(browser, baseURL, { userAgent: ANDROID_CHROME })
    const there = await second.newPage()
    await passwordStep(there, NEW_PASSWORD, email)
    await expect.poll(() => there.getByRole('heading', { level: 1 }).textContent()).toBe('两步验证')
    await there.getByLabel('6 位验证码').fill(totpCode(secret, Math.max(step + 1, totpStep())))
    await there.getByRole('button', { name: '验证并登录' }).click()
    await there.waitForURL(url => url.pathname === '/admin')

    // the first phone lists both: itself as 本设备, the other as Chrome · Android
    await here.reload()
    const sessions = here.locator('.sessions li')
    await expect.poll(() => sessions.count()).toBe(2)
    const mine = sessions.filter({ hasText: '本设备' })
    const theirs = sessions.filter({ hasText: 'Chrome · Android' })
    expect(await mine.count()).toBe(1)
    expect(await mine.getByRole('button').count()).toBe(0)
    expect(await mine.textContent()).toMatch(/Chrome · Linux/)
    expect(await theirs.textContent()).toMatch(/登录时间.*最近活动/)
    await here.getByRole('heading', { name: '登录设备' }).scrollIntoViewIfNeeded()
    await fitsPhone(here)
    await snap(here, 'staff-sessions')
    // 长者模式: still fits, and each button is a large target
    await here.evaluate(() => localStorage.setItem('gongkai.settings', JSON.stringify({ locale: 'zh-CN', elderMode: true, elderOffered: true })))
    await here.reload()
    await expect.poll(() => sessions.count()).toBe(2)
    const end = theirs.getByRole('button', { name: '退出', exact: true })
    expect((await end.boundingBox())!.height).toBeGreaterThanOrEqual(60)
    expect((await here.getByRole('button', { name: '退出其他所有设备' }).boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await theirs.scrollIntoViewIfNeeded()
    await fitsPhone(here)
    await snap(here, 'staff-sessions-elder')

    // ends the other one: said, gone from the list, and that phone is signed out at once
    await end.click()
    await here.getByRole('status').filter({ hasText: '已退出“Chrome · Android”上的登录。' }).waitFor()
    await expect.poll(() => sessions.count()).toBe(1)
    await here.getByText('只有本设备在登录。').waitFor()
    // focus is not lost with the button: it is on the list's heading
    expect(await here.evaluate(() => document.activeElement?.id)).toBe('security-sessions')
    await snap(here, 'staff-sessions-ended-elder')
    expect((await second.request.get('/api/auth/me')).status()).toBe(401)
    await there.goto('/admin/documents')
    await there.waitForURL(/\/admin\/login/)
    expect((await first.request.get('/api/auth/me')).status()).toBe(200)

    // new recovery codes: the password first; a wrong one is said at the field and what was typed stays
    await here.getByRole('button', { name: '生成新的恢复码' }).click()
    const password = here.getByLabel('登录密码')
    await password.fill('not my password')
    await here.getByRole('button', { name: '确认生成' }).click()
    await here.locator('#renew-password-error').filter({ hasText: '当前密码不正确' }).waitFor()
    expect(await password.getAttribute('aria-invalid')).toBe('true')
    expect(await password.inputValue()).toBe('not my password')
    expect((await here.getByRole('button', { name: '确认生成' }).boundingBox())!.height).toBeGreaterThanOrEqual(60)
    await fitsPhone(here)
    await snap(here, 'staff-renew-codes-error-elder')
    await password.fill(NEW_PASSWORD)
    await here.getByRole('button', { name: '确认生成' }).click()
    await here.getByRole('status').filter({ hasText: '已生成新的恢复码' }).waitFor()
    expect(await here.locator('.recovery__codes li').count()).toBe(10)
    await fitsPhone(here)
    await here.getByRole('button', { name: '查看登录设备' }).scrollIntoViewIfNeeded()
    await snap(here, 'staff-renewed-codes-elder')
    // the codes changed: ending the other sessions is one step away
    await here.getByRole('button', { name: '查看登录设备' }).click()
    expect(await here.evaluate(() => document.activeElement?.id)).toBe('security-sessions')

    // a breach response: an admin ends every session but their own here, after a question; this phone is signed out too
    const breach = await staffContext(browser, baseURL)
    const admin = await staffPage(breach, '/admin/security')
    const endAll = admin.locator('section.end-all')
    await endAll.getByRole('button', { name: '退出所有人的登录' }).click()
    const question = endAll.getByRole('group', { name: '退出所有人的登录' })
    expect(await question.textContent()).toContain('确定要结束所有工作人员的登录吗')
    await question.scrollIntoViewIfNeeded()
    await fitsPhone(admin)
    await snap(admin, 'staff-admin-end-all')
    await question.getByRole('button', { name: '确认全部退出' }).click()
    await admin.getByRole('status').filter({ hasText: /已结束 \d+ 个登录/ }).waitFor()
    expect((await first.request.get('/api/auth/me')).status()).toBe(401)
    expect((await breach.request.get('/api/auth/me')).status()).toBe(200)
    await breach.close()

    expect(expectedErrors(errors)).toEqual([])
    await first.close()
    await second.close()
  }, 120_000)

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
