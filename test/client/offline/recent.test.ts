import type { SavedItem } from '../../../src/client/offline/saved'
import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { provideAnnouncer } from '../../../src/client/composables/announcer'
import { createAppI18n } from '../../../src/client/i18n'
import { clearRecent, measureRecent } from '../../../src/client/offline/recent'
import OfflineContentPage from '../../../src/client/pages/me/OfflineContentPage.vue'
import { FakeCacheStorage } from '../support/fake-caches'

// 我的 → 离线内容's 自动保留的内容: the worker's runtime caches and the page snapshots, counted and cleared,
// never the saved items (saved-v1 + IndexedDB, here saved.ts faked) nor the precache (the app itself)
const saved = vi.hoisted(() => {
  const item: SavedItem = { key: 'document:1', kind: 'document', id: '1', title: '关于加装电梯的实施办法', path: '/policies/1', files: [{ url: '/api/documents/1', bytes: 1200 }], bytes: 1200, savedAt: Date.UTC(2026, 10, 24, 6) }
  return {
    listSaved: vi.fn(async () => [item]),
    removeAll: vi.fn(async () => {}),
    removeItem: vi.fn(async () => {}),
    requestPersistence: vi.fn(async () => true),
    storageInfo: vi.fn(async () => ({ usage: 3_000_000, quota: 300_000_000, persisted: true })),
    totalBytes: (items: SavedItem[]) => items.reduce((a, i) => a + i.bytes, 0),
  }
})
vi.mock('../../../src/client/offline/saved', () => saved)

const PRECACHE = 'workbox-precache-v2-http://localhost/'
let storage: FakeCacheStorage

beforeEach(async () => {
  storage = new FakeCacheStorage()
  vi.stubGlobal('caches', storage)
  vi.stubGlobal('indexedDB', {})
  await storage.fill('saved-v1', { '/api/documents/1': '{"id":1}', '/demo/elevator-steps.svg': '<svg/>' })
  await storage.fill(PRECACHE, { '/index.html': '<!doctype html>', '/assets/index-abc.js': 'export{}' })
  await storage.fill('api-documents', {
    // content-length says the size without reading the body
    '/api/documents?page=1': { body: '{"items":[]}', headers: { 'content-length': '5000' } },
    '/api/documents/1': '{"id":1}',
  })
  // a compressed answer's content-length is not what the device stores: the body is measured
  await storage.fill('api-library', { '/api/interpretations/1': { body: 'x'.repeat(300), headers: { 'content-length': '40', 'content-encoding': 'gzip' } } })
  await storage.fill('api-events', { '/api/events': '[]' })
  await storage.fill('images', { '/demo/elevator-steps.svg': '<svg></svg>' })
  await storage.fill('page-snapshots-v1', {
    '/__snapshots/policies/1': 'a'.repeat(100),
    '/__snapshots/': 'b'.repeat(50),
    '/__snapshots/settings': 'zh-CN|standard',
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('what the app keeps by itself', () => {
  it('counts the snapshots as pages, the runtime answers and images, and their size; not the saved or the precached', async () => {
    expect(await measureRecent()).toEqual({
      pages: 2,
      answers: 4,
      images: 1,
      bytes: 5000 + 8 + 300 + 2 + 11 + 100 + 50,
    })
  })

  it('counts nothing, and makes no cache, when the worker has kept nothing yet', async () => {
    vi.stubGlobal('caches', new FakeCacheStorage())
    expect(await measureRecent()).toEqual({ pages: 0, answers: 0, images: 0, bytes: 0 })
    expect(await caches.keys()).toEqual([])
  })

  it('clears exactly the runtime caches, the images and the snapshots', async () => {
    await clearRecent()
    expect((await caches.keys()).sort()).toEqual(['saved-v1', PRECACHE])
    expect((await (await caches.open('saved-v1')).keys()).map(r => new URL(r.url).pathname).sort()).toEqual(['/api/documents/1', '/demo/elevator-steps.svg'])
  })
})

describe('离线内容 → 自动保留的内容', () => {
  const i18n = createAppI18n('zh-CN')
  beforeAll(() => i18n.load(['offline']))

  function mountPage() {
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:path(.*)*', component: { render: () => null } }] })
    const Host = defineComponent(() => {
      const message = provideAnnouncer()
      return () => h('div', [h(OfflineContentPage), h('p', { 'role': 'status', 'data-test': 'announcer' }, message.value)])
    })
    return mount(Host, { attachTo: document.body, global: { plugins: [i18n, router] } })
  }
  const section = () => document.querySelector<HTMLElement>('section[aria-labelledby="offline-recent"]')
  const button = (name: string) => [...document.querySelectorAll('button')].find(b => b.textContent!.trim() === name)

  it('says how many pages and answers are kept and their size, and clears them without the saved item', async () => {
    const wrapper = mountPage()
    await vi.waitFor(() => expect(section()).not.toBeNull())
    expect(section()!.querySelector('h2')!.textContent!.trim()).toBe('自动保留的内容')
    expect(section()!.textContent).toContain('自动保留 7 项，约 5.3 KB')
    expect([...section()!.querySelectorAll('.recent__parts span')].map(s => s.textContent)).toEqual(['页面 2 个', '资料 4 条', '图片 1 张'])
    // the saved item is listed, and the saved figure knows nothing of the automatic caches
    expect(wrapper.text()).toContain('关于加装电梯的实施办法')
    expect(wrapper.text()).toContain('已保存 1 项，共 1.2 KB')

    button('清除自动保留的内容')!.click()
    await flushPromises()
    expect(section()!.querySelector('[role="group"]')!.textContent).toContain('确定清除自动保留的 7 项？已保存到本机的内容不会删除')
    button('确定清除')!.click()
    await vi.waitFor(() => expect(section()!.textContent).toContain('现在没有自动保留的内容。'))

    expect((await caches.keys()).sort()).toEqual(['saved-v1', PRECACHE])
    expect(saved.removeAll).not.toHaveBeenCalled()
    expect(saved.removeItem).not.toHaveBeenCalled()
    expect(wrapper.text()).toContain('关于加装电梯的实施办法')
    // nothing left to clear: no button; focus stays in the section, and the result is said
    expect(button('清除自动保留的内容')).toBeUndefined()
    expect(document.activeElement).toBe(section()!.querySelector('h2'))
    await flushPromises()
    expect(wrapper.get('[data-test="announcer"]').text()).toBe('已清除自动保留的内容，腾出约 5.3 KB')
    wrapper.unmount()
  })

  it('clears nothing when the resident steps back', async () => {
    const wrapper = mountPage()
    await vi.waitFor(() => expect(section()).not.toBeNull())
    button('清除自动保留的内容')!.click()
    await flushPromises()
    button('取消')!.click()
    await flushPromises()
    expect((await caches.keys()).sort()).toEqual(['api-documents', 'api-events', 'api-library', 'images', 'page-snapshots-v1', 'saved-v1', PRECACHE])
    expect(document.activeElement).toBe(button('清除自动保留的内容'))
    wrapper.unmount()
  })

  it('says when what is kept cannot be counted, still offers to clear it, and counts again after', async () => {
    const has = vi.spyOn(storage, 'has').mockRejectedValue(new DOMException('unknown', 'UnknownError'))
    const wrapper = mountPage()
    await vi.waitFor(() => expect(section()).not.toBeNull())
    expect(section()!.textContent).toContain('暂时无法统计自动保留的内容。')
    expect(section()!.textContent).not.toContain('现在没有自动保留的内容。')

    has.mockRestore()
    button('清除自动保留的内容')!.click()
    await flushPromises()
    expect(section()!.querySelector('[role="group"]')!.textContent).toContain('确定清除自动保留的内容？')
    button('确定清除')!.click()
    await vi.waitFor(() => expect(section()!.textContent).toContain('现在没有自动保留的内容。'))
    expect(section()!.textContent).not.toContain('暂时无法统计')
    expect((await caches.keys()).sort()).toEqual(['saved-v1', PRECACHE])
    await flushPromises()
    expect(wrapper.get('[data-test="announcer"]').text()).toBe('已清除自动保留的内容')
    wrapper.unmount()
  })

  it('says nothing of it when the browser has no Cache Storage', async () => {
    vi.stubGlobal('caches', undefined)
    const wrapper = mountPage()
    await flushPromises()
    expect(wrapper.text()).toContain('此浏览器不能保存离线内容')
    expect(section()).toBeNull()
    expect(wrapper.text()).not.toContain('自动保留')
    wrapper.unmount()
  })
})
