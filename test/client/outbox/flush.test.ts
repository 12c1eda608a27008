import type { OutboxItem } from '../../../src/client/outbox/model'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { flushOutbox } from '../../../src/client/outbox/flush'

// IndexedDB is replaced by a map (fake-indexeddb is not installed); the sender, its claims and its answers are real.
const rows = new Map<string, OutboxItem>()
vi.mock('../../../src/client/outbox/db', () => ({
  allItems: async () => [...rows.values()].map(i => structuredClone(i)),
  updateItem: async (key: string, change: (item: OutboxItem) => OutboxItem | undefined) => {
    const current = rows.get(key)
    const next = current ? change(structuredClone(current)) : undefined
    if (next)
      rows.set(key, structuredClone(next))
    return next
  },
}))

function question(key: string, createdAt: number): OutboxItem {
  return {
    kind: 'question',
    key,
    url: '/api/documents/7/questions',
    body: { text: `问题 ${key} 什么时候开始受理？`, contact: 'me@example.com', consent: true },
    text: `问题 ${key} 什么时候开始受理？`,
    about: { documentId: 7, documentTitle: '加装电梯补贴办法' },
    headers: { 'accept-language': 'en' },
    state: 'waiting',
    attempts: 0,
    createdAt,
  }
}

const fetchMock = vi.fn<typeof fetch>()
beforeEach(() => {
  rows.clear()
  fetchMock.mockReset()
  vi.stubGlobal('fetch', fetchMock)
})
afterEach(() => vi.unstubAllGlobals())

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })

describe('flushOutbox', () => {
  it('sends each item with its own idempotency key and exact body, oldest first, and stores the answer', async () => {
    rows.set('b', question('b', 2))
    rows.set('a', question('a', 1))
    fetchMock.mockImplementation(async (_url, init) => json(201, { receiptNumber: `WD-${(init!.headers as Record<string, string>)['idempotency-key']}`, receiptToken: 't', status: 'pending', dueOn: '2026-12-01', id: 1 }))

    expect(await flushOutbox()).toEqual({ sent: 2, failed: 0, waiting: 0, offline: false })
    const calls = fetchMock.mock.calls.map(([url, init]) => ({ url, key: (init!.headers as Record<string, string>)['idempotency-key'], lang: (init!.headers as Record<string, string>)['accept-language'], body: JSON.parse(init!.body as string) as { text: string } }))
    expect(calls.map(c => c.key)).toEqual(['a', 'b'])
    expect(calls[0]).toMatchObject({ url: '/api/documents/7/questions', lang: 'en', body: { text: '问题 a 什么时候开始受理？', contact: 'me@example.com' } })
    expect(rows.get('a')).toMatchObject({ state: 'sent', body: null, result: { receiptNumber: 'WD-a' } })
    expect(JSON.stringify([...rows.values()])).not.toContain('me@example.com')
  })

  it('stops at the first network failure, keeping every item (and its key) to send again', async () => {
    rows.set('a', question('a', 1))
    rows.set('b', question('b', 2))
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'))

    expect(await flushOutbox()).toEqual({ sent: 0, failed: 0, waiting: 2, offline: true })
    expect(fetchMock).toHaveBeenCalledTimes(1)
    expect(rows.get('a')).toMatchObject({ state: 'waiting', attempts: 1, key: 'a' })
    expect(rows.get('b')).toMatchObject({ state: 'waiting', attempts: 0 })

    // the connection is back: the same key goes out again, and the item is sent once
    fetchMock.mockReset()
    fetchMock.mockResolvedValue(json(201, { receiptNumber: 'WD-1', receiptToken: 't', status: 'pending', dueOn: '2026-12-01', id: 1 }))
    expect((await flushOutbox())?.sent).toBe(2)
    expect((fetchMock.mock.calls[0]![1]!.headers as Record<string, string>)['idempotency-key']).toBe('a')
    expect(await flushOutbox()).toEqual({ sent: 0, failed: 0, waiting: 0, offline: false })
    expect(fetchMock).toHaveBeenCalledTimes(2)
  })

  it('leaves an item another sender claimed a moment ago (no Web Locks here), and takes it once the claim is stale', async () => {
    rows.set('a', { ...question('a', 1), state: 'sending', claimedAt: Date.now() })
    fetchMock.mockResolvedValue(json(201, { receiptNumber: 'WD-1', receiptToken: 't', status: 'pending', dueOn: '2026-12-01', id: 1 }))
    expect(await flushOutbox()).toEqual({ sent: 0, failed: 0, waiting: 0, offline: false })
    expect(fetchMock).not.toHaveBeenCalled()

    rows.set('a', { ...question('a', 1), state: 'sending', claimedAt: Date.now() - 120_000 })
    expect((await flushOutbox())?.sent).toBe(1)
  })

  it('marks a refused item failed with the server\'s words, tries a busy server again later', async () => {
    rows.set('a', question('a', 1))
    rows.set('b', question('b', 2))
    fetchMock
      .mockResolvedValueOnce(json(404, { status: 404, code: 'not-found', detail: 'We could not find what you asked for.' }))
      .mockResolvedValueOnce(json(503, { status: 503, code: 'internal', detail: 'busy' }))
    expect(await flushOutbox()).toEqual({ sent: 0, failed: 1, waiting: 1, offline: false })
    expect(rows.get('a')).toMatchObject({ state: 'failed', problem: { reason: 'gone', detail: 'We could not find what you asked for.' }, text: '问题 a 什么时候开始受理？' })
    expect(rows.get('b')).toMatchObject({ state: 'waiting', attempts: 1 })
  })
})
