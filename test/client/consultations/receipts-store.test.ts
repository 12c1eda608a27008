import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import { useReceiptsStore } from '../../../src/client/stores/receipts'

const saved = {
  receiptNumber: 'YJ-20261124-7K3Q',
  token: 'secret-token-abcdefghijklmnopqrstuvwxyz',
  consultationId: 3,
  consultationTitle: '长者食堂运营管理办法（征求意见稿）',
  articleNumber: '第四条',
  text: '建议放宽优惠年龄。',
  createdAt: '2026-11-24T02:00:00Z',
  state: 'pending' as const,
  reason: null,
  checkedAt: '2026-11-24T02:00:00Z',
}

describe('useReceiptsStore', () => {
  beforeEach(() => {
    localStorage.clear()
    setActivePinia(createPinia())
  })
  afterEach(() => vi.unstubAllGlobals())

  it('keeps the device\'s receipts in localStorage, newest first', async () => {
    const store = useReceiptsStore()
    store.add(saved)
    store.add({ ...saved, receiptNumber: 'YJ-20261124-AAAA' })
    await nextTick()
    const stored = JSON.parse(localStorage.getItem('gongkai.receipts')!)
    expect(stored.map((r: { receiptNumber: string }) => r.receiptNumber)).toEqual(['YJ-20261124-AAAA', 'YJ-20261124-7K3Q'])
    expect(stored[1].token).toBe(saved.token)
    setActivePinia(createPinia())
    expect(useReceiptsStore().items).toHaveLength(2)
  })

  it('refreshes each state with the receipt token, and keeps the last known state when that fails', async () => {
    const store = useReceiptsStore()
    store.add(saved)
    store.add({ ...saved, receiptNumber: 'YJ-20261124-BBBB' })
    const fetch = vi.fn(async (url: string, init: RequestInit) => {
      if (url.includes('BBBB'))
        return new Response(JSON.stringify({ status: 404, code: 'not-found', detail: 'x', type: 't', title: 't' }), { status: 404 })
      expect((init.headers as Record<string, string>)['x-receipt-token']).toBe(saved.token)
      return new Response(JSON.stringify({ state: 'adopted', reason: null, articleNumber: '第四条', decision: { outcome: 'adopted', reason: '已采纳', finalArticleAnchor: 'c-4', finalArticleNumber: '第四条' } }), { status: 200 })
    })
    vi.stubGlobal('fetch', fetch)
    await store.refreshAll()
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(store.find('YJ-20261124-7K3Q')!.state).toBe('adopted')
    expect(store.find('YJ-20261124-BBBB')!.state).toBe('pending')
  })

  it('forgets a deleted comment\'s receipt, token and all, and keeps the others', async () => {
    const store = useReceiptsStore()
    store.add(saved)
    store.add({ ...saved, receiptNumber: 'YJ-20261124-CCCC' })
    store.remove(saved.receiptNumber)
    await nextTick()
    expect(store.find(saved.receiptNumber)).toBeUndefined()
    expect(localStorage.getItem('gongkai.receipts')).not.toContain(saved.receiptNumber)
    expect(store.items.map(r => r.receiptNumber)).toEqual(['YJ-20261124-CCCC'])
  })
})
