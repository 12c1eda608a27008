import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core'
import type { PhoneOptions } from './browser'
import { expect, inject } from 'vitest'
import { phoneContext } from './browser'

export { totpCode, totpStep } from './staff-api'

/**
 * The storage state global setup saved after signing the e2e admin in once through the API
 * (./global-server.ts): a context made with it is signed in, with no second factor to wait for.
 */
export const staffState = () => inject('staffState')

/** A phone signed in as the e2e admin (./global-server.ts `ADMIN`). Never sign out in it: every staff context shares the session. */
export function staffContext(browser: Browser, baseURL: string, opts: Omit<PhoneOptions, 'storageState'> = {}): Promise<BrowserContext> {
  return phoneContext(browser, baseURL, { ...opts, storageState: staffState() })
}

/**
 * The console at `path`, in a new page of a signed-in staff context (`staffContext`, or any context made with
 * `staffState()`) or in the page given, once the console has shown it: fails if it sent the page to sign in.
 */
export async function staffPage(contextOrPage: BrowserContext | Page, path = '/admin'): Promise<Page> {
  const page = 'goto' in contextOrPage ? contextOrPage : await contextOrPage.newPage()
  await page.goto(path)
  // the bar's sign-out button shows once the console knows who is signed in
  await page.getByRole('button', { name: /^(?:退出登录|Sign out)$/ }).waitFor()
  expect(new URL(page.url()).pathname).toBe(new URL(path, 'http://x').pathname)
  return page
}

/** The id of a question waiting in the moderators' queue, by its receipt number (undefined once it has left it). */
export async function queuedQuestionId(staff: APIRequestContext, receiptNumber: string): Promise<number | undefined> {
  const queue = await (await staff.get('/api/admin/questions')).json() as Array<{ id: number, receiptNumber: string }>
  return queue.find(q => q.receiptNumber === receiptNumber)?.id
}

/** A moderator answers question `id` through the staff API (signed in with `staffState()`); answers the HTTP status. */
export async function answerQuestion(staff: APIRequestContext, id: number, answer: string, answeredBy = '浦东新区民政局'): Promise<number> {
  return (await staff.post(`/api/admin/questions/${id}/answer`, { headers: { origin: inject('baseURL') }, data: { answer, answeredBy, isFaq: false } })).status()
}
