import type { BrowserContext, Page } from 'playwright-core'
import type { OwnServer } from './support/spawn-server'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { controlledPhone, fitsPhone, snap } from './support/browser'
import { startOwnServer } from './support/spawn-server'

// A server of this file's own, on its own copy of the built client: the test deploys a "new build" into it.
let server: OwnServer
let context: BrowserContext
let page: Page

beforeAll(async () => {
  server = await startOwnServer()
  ;({ context, page } = await controlledPhone(server.baseURL))
}, 180_000)
afterAll(async () => {
  await context?.close()
  await server?.stop()
})

/** Writes a served file and the precompressed copies the server prefers. */
function deploy(name: string, text: string) {
  const path = join(server.clientDir, name)
  writeFileSync(path, text)
  writeFileSync(`${path}.br`, brotliCompressSync(text))
  writeFileSync(`${path}.gz`, gzipSync(text))
}

/**
 * A new build: the shell carries a build mark, and the service worker precaches it under a new revision
 * (what a real build changes: a file's content and its revision in sw.js).
 */
function deployNewBuild() {
  const html = readFileSync(join(server.clientDir, 'index.html'), 'utf8').replace('<head>', '<head><meta name="gongkai-build" content="2">')
  deploy('index.html', html)
  const sw = readFileSync(join(server.clientDir, 'sw.js'), 'utf8')
  const next = sw.replace(/"revision":"[0-9a-f]+","url":"index.html"/, '"revision":"00000000000000000000000000000002","url":"index.html"')
  expect(next).not.toBe(sw)
  deploy('sw.js', next)
}

const build = () => page.evaluate(() => document.querySelector('meta[name="gongkai-build"]')?.getAttribute('content') ?? '1')
const prompt = () => page.locator('.pwa-prompt')

describe('the update prompt', () => {
  it('offers 新版本可用 after a new build is served, asks before reloading a form with typed text, then reloads into the new version', async () => {
    expect(await build()).toBe('1')

    // the resident is typing a question on a policy's page
    const list = await (await page.request.get('/api/documents?limit=1')).json() as { items: Array<{ id: number }> }
    await page.goto(`/policies/${list.items[0]!.id}`)
    const question = page.getByLabel('您的问题')
    await question.fill('这项政策什么时候开始受理申请？')

    deployNewBuild()
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration()
      await registration!.update()
    })
    await expect.poll(() => prompt().textContent(), { timeout: 20_000 }).toContain('新版本可用')
    await snap(page, 'update-prompt')

    // 立即更新 with unsent text: the resident is asked, and nothing reloads
    await page.evaluate(() => Object.assign(window, { stillThisPage: true }))
    await prompt().getByRole('button', { name: '立即更新' }).click()
    await expect.poll(() => prompt().textContent()).toContain('页面上有尚未提交的内容')
    expect(await page.evaluate(() => 'stillThisPage' in window)).toBe(true)
    expect(await question.inputValue()).toBe('这项政策什么时候开始受理申请？')
    await fitsPhone(page)
    await snap(page, 'update-prompt-form-open')

    // later: the prompt goes, and comes back on the next page, where the update applies at once
    await prompt().getByRole('button', { name: '提交后再更新' }).click()
    await expect.poll(() => prompt().count()).toBe(0)
    expect(await page.evaluate(() => 'stillThisPage' in window)).toBe(true)
    await page.getByRole('link', { name: '我的', exact: true }).click()
    await expect.poll(() => prompt().textContent()).toContain('新版本可用')
    await prompt().getByRole('button', { name: '立即更新' }).click()
    await expect.poll(() => page.evaluate(() => 'stillThisPage' in window), { timeout: 20_000 }).toBe(false)
    await expect.poll(build).toBe('2')
    await expect.poll(() => prompt().count()).toBe(0)
  })
})
