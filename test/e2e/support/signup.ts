import type { Page } from 'playwright-core'

export interface SignUpFields {
  name?: string
  phone?: string
  partySize?: number
  /** tick the consent box (the default); `false` leaves it as it is */
  consent?: boolean
}

/**
 * Fills the event sign-up form on `page` (EventSignupForm.vue) as a resident does and presses 提交报名: the
 * fields given, in the form's order, then the consent box. A field not given is left as it is (a second try
 * keeps what was typed). Waits for nothing after the press: where it leads is for the test to check.
 */
export async function signUp(page: Page, { name, phone, partySize, consent = true }: SignUpFields) {
  if (name !== undefined)
    await page.getByLabel('姓名', { exact: true }).fill(name)
  if (phone !== undefined)
    await page.getByLabel('手机号', { exact: true }).fill(phone)
  if (partySize !== undefined)
    await page.getByLabel('人数', { exact: true }).selectOption(String(partySize))
  if (consent)
    await page.getByLabel('我同意主办单位为本次活动使用我的姓名和手机号。').check()
  await page.getByRole('button', { name: '提交报名' }).click()
}
