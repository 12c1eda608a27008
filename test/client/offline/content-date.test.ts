import { afterEach, describe, expect, it, vi } from 'vitest'
import { reactive } from 'vue'
import { api, fetchedAt } from '../../../src/client/api/http'
import { formatMoment } from '../../../src/client/composables/format'
import { contentDate } from '../../../src/client/composables/resource'
import { createAppI18n } from '../../../src/client/i18n'
import { formatBytes, showContentDate, STALE_AFTER_MS } from '../../../src/client/offline/format'

afterEach(() => {
  vi.unstubAllGlobals()
})

function answer(body: unknown, date: string) {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json', date } })
}

describe('when content was fetched', () => {
  it('comes from the Date header of the answer, kept by a cached copy', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => answer({ id: 1 }, 'Tue, 24 Nov 2026 06:02:00 GMT')))
    const doc = await api<{ id: number }>('/api/documents/1')
    expect(contentDate(doc)?.toISOString()).toBe('2026-11-24T06:02:00.000Z')
    // a page may hold the answer in a deep ref: the reactive proxy knows it too
    expect(fetchedAt(reactive(doc))?.toISOString()).toBe('2026-11-24T06:02:00.000Z')
  })

  it('is the oldest part of a value made of several answers', async () => {
    const dates = ['Tue, 24 Nov 2026 06:02:00 GMT', 'Mon, 23 Nov 2026 01:00:00 GMT']
    vi.stubGlobal('fetch', vi.fn(async () => answer({ ok: true }, dates.shift()!)))
    const value = { detail: await api('/api/consultations/1'), comments: await api('/api/consultations/1/comments'), extra: 3 }
    expect(contentDate(value)?.toISOString()).toBe('2026-11-23T01:00:00.000Z')
    expect(contentDate({ id: 1 })).toBeUndefined()
    expect(contentDate(undefined)).toBeUndefined()
  })

  it('is shown offline always, and online only once the copy is old', () => {
    const now = Date.parse('2026-11-24T06:40:00Z')
    const fresh = new Date(now - 60_000)
    const old = new Date(now - STALE_AFTER_MS - 1)
    expect([showContentDate(fresh, false, now), showContentDate(fresh, true, now), showContentDate(old, true, now), showContentDate(undefined, false, now)]).toEqual([true, false, true, false])
  })

  it('reads as a short local moment in Shanghai time', () => {
    const now = new Date('2026-11-24T08:00:00Z')
    const zh = createAppI18n('zh-CN').d
    const en = createAppI18n('en').d
    expect(formatMoment(zh, new Date('2026-11-24T06:02:00Z'), now)).toBe('11月24日 14:02')
    expect(formatMoment(zh, new Date('2025-11-24T06:02:00Z'), now)).toBe('2025年11月24日 14:02')
    // new year's eve in Shanghai is already the next year
    expect(formatMoment(zh, new Date('2026-12-31T17:00:00Z'), new Date('2027-01-01T01:00:00Z'))).toBe('1月1日 01:00')
    expect(formatMoment(en, new Date('2026-11-24T06:02:00Z'), now)).toBe('Nov 24, 14:02')
    expect(formatMoment(en, new Date('2025-11-24T06:02:00Z'), now)).toBe('Nov 24, 2025, 14:02')
  })
})

describe('formatBytes', () => {
  it('writes sizes as phones show storage', () => {
    expect([formatBytes(850, 'zh-CN'), formatBytes(12_700, 'zh-CN'), formatBytes(3.25 * 1024 ** 2, 'en'), formatBytes(150 * 1024 ** 3, 'en')]).toEqual(['850 B', '12.4 KB', '3.3 MB', '150 GB'])
  })
})
