import type { OutboxItem } from '../../../src/client/outbox/model'
import { describe, expect, it } from 'vitest'
import { afterSend } from '../../../src/client/outbox/flush'
import { claimable, judge, keepAfter, sendOrder, STALE_CLAIM_MS } from '../../../src/client/outbox/model'

const event = { id: 3, title: '走进区行政服务中心', venue: '中心', address: '某路 1 号', startsAt: '2026-08-10T02:00:00Z', endsAt: '2026-08-10T04:00:00Z' }

function signup(over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    kind: 'signup',
    key: 'k-signup',
    url: '/api/events/3/registrations',
    body: { name: '王阿姨', phone: '13912345678', partySize: 2, consent: true },
    text: '',
    about: { event, partySize: 2 },
    headers: { 'accept-language': 'zh-CN' },
    state: 'waiting',
    attempts: 0,
    createdAt: 1000,
    ...over,
  } as OutboxItem
}

function comment(over: Partial<OutboxItem> = {}): OutboxItem {
  return {
    kind: 'comment',
    key: 'k-comment',
    url: '/api/consultations/1/comments',
    body: { text: '建议公示菜单。', articleAnchor: 'c-4', commenterType: 'individual', contact: '13900000000', consent: true },
    text: '建议公示菜单。',
    about: { consultationId: 1, consultationTitle: '长者食堂运营管理办法', articleAnchor: 'c-4', articleNumber: '第四条' },
    headers: {},
    state: 'sending',
    claimedAt: 5000,
    attempts: 0,
    createdAt: 2000,
    ...over,
  } as OutboxItem
}

describe('judge', () => {
  it('keeps an item waiting on no network, a server error, 429 and 408: the same key is sent again', () => {
    expect(judge('comment', { ok: false, network: true }).state).toBe('waiting')
    for (const status of [500, 502, 503, 429, 408])
      expect(judge('signup', { ok: false, network: false, status }).state).toBe('waiting')
  })

  it('ends an item on a 2xx, and for good on a 4xx, with the server\'s words and field', () => {
    expect(judge('signup', { ok: true, result: {} })).toEqual({ state: 'sent' })
    expect(judge('comment', { ok: false, network: false, status: 409, problem: { detail: '征求意见已结束。' } }))
      .toEqual({ state: 'failed', problem: { reason: 'closed', status: 409, detail: '征求意见已结束。' } })
    expect(judge('signup', { ok: false, network: false, status: 400, problem: { detail: '请填写姓名。', field: 'name' } }))
      .toEqual({ state: 'failed', problem: { reason: 'invalid', status: 400, detail: '请填写姓名。', field: 'name' } })
    expect(judge('question', { ok: false, network: false, status: 404, problem: { detail: '没有找到' } }).problem?.reason).toBe('gone')
    expect(judge('question', { ok: false, network: false, status: 403 }).problem?.reason).toBe('other')
  })
})

describe('keepAfter', () => {
  it('drops the name and phone number of a sign-up once it is sent', () => {
    const kept = keepAfter(signup(), 'sent')
    expect(kept.body).toBeNull()
    expect(JSON.stringify(kept)).not.toContain('13912345678')
    expect(JSON.stringify(kept)).not.toContain('王阿姨')
    expect(kept.about).toEqual({ event, partySize: 2 })
  })

  it('keeps a closed consultation\'s comment text (to copy) but not the contact details', () => {
    const kept = keepAfter(comment(), 'failed', { reason: 'closed', status: 409, detail: '已结束' })
    expect(kept.text).toBe('建议公示菜单。')
    expect(JSON.stringify(kept)).not.toContain('13900000000')
  })

  it('keeps everything of an item refused as invalid, so it can be corrected', () => {
    const item = signup()
    expect(keepAfter(item, 'failed', { reason: 'invalid', status: 400, detail: '', field: 'phone' })).toBe(item)
  })
})

describe('claimable', () => {
  it('lets a waiting item be taken, a fresh claim only by the lock holder, and a stale claim by anyone', () => {
    expect(claimable(signup(), 0, false)).toBe(true)
    expect(claimable(comment(), 5000 + 1000, false)).toBe(false)
    expect(claimable(comment(), 5000 + 1000, true)).toBe(true)
    expect(claimable(comment(), 5000 + STALE_CLAIM_MS + 1, false)).toBe(true)
    expect(claimable(signup({ state: 'sent' }), 0, true)).toBe(false)
    expect(claimable(signup({ state: 'failed' }), 0, true)).toBe(false)
  })

  it('sends oldest first', () => {
    expect(sendOrder([comment({ createdAt: 3 }), signup({ createdAt: 1 })]).map(i => i.createdAt)).toEqual([1, 3])
  })
})

describe('afterSend', () => {
  it('counts the attempt and keeps the key, body and text when the network fails', () => {
    const next = afterSend(comment(), { ok: false, network: true })
    expect(next).toMatchObject({ key: 'k-comment', state: 'waiting', attempts: 1, text: '建议公示菜单。' })
    expect(next.body).not.toBeNull()
    expect(next.claimedAt).toBeUndefined()
  })

  it('stores the server\'s answer and nothing personal once sent', () => {
    const result = { code: 'ABCDEFGH', status: 'waitlisted', waitlistPosition: 3, manageToken: 't', partySize: 2, ticket: 'GK1' }
    const next = afterSend(signup({ state: 'sending', claimedAt: 1 }), { ok: true, result })
    expect(next).toMatchObject({ state: 'sent', attempts: 1, result, body: null })
    expect(next.claimedAt).toBeUndefined()
  })

  it('records why it failed for good', () => {
    const next = afterSend(comment(), { ok: false, network: false, status: 409, problem: { detail: '本次征求意见已结束。' } })
    expect(next).toMatchObject({ state: 'failed', problem: { reason: 'closed', detail: '本次征求意见已结束。' }, text: '建议公示菜单。', body: null })
  })
})
