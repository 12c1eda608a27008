import type { FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { purgeExpiredPersonalData } from '../../../src/server/repositories/events'
import { buildTestApp, failsWithoutAudit, jsonWrite } from '../../support/app'
import { makeEvent, mine, organiser, setEvent, signUp } from './support'

let app: FastifyInstance
let cookie: string
beforeAll(async () => {
  app = await buildTestApp()
  cookie = await organiser(app)
})
afterAll(() => app.close())

const residentPost = (url: string, payload: object, headers: Record<string, string> = {}) => app.inject({ method: 'POST', url, headers: { ...jsonWrite, 'idempotency-key': randomUUID(), ...headers }, payload })
const staff = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => app.inject({ method, url, headers: { ...jsonWrite, cookie }, payload })

describe('专项反馈 (PUT /api/admin/events/:id/report)', () => {
  it('shows what was heard and what is being done on the event page', async () => {
    const id = await makeEvent(app)
    expect((await app.inject(`/api/events/${id}`)).json().report).toBeNull()
    const res = await staff('PUT', `/api/admin/events/${id}/report`, { heard: '居民希望延长周末开放时间。', actions: '自9月起周六上午开放。' })
    expect(res.statusCode).toBe(200)
    expect((await app.inject(`/api/events/${id}`)).json().report).toMatchObject({ heard: '居民希望延长周末开放时间。', actions: '自9月起周六上午开放。' })
    expect((await app.inject({ method: 'PUT', url: `/api/admin/events/${id}/report`, headers: jsonWrite, payload: { heard: 'x', actions: 'y' } })).statusCode).toBe(401)
  })

  it('publishes nothing when its audit row cannot be written; then goes through', async () => {
    const id = await makeEvent(app)
    const publish = () => staff('PUT', `/api/admin/events/${id}/report`, { heard: '居民希望增加场次。', actions: '下月加开一场。' })
    await failsWithoutAudit(app, 'event.report', publish)
    expect((await app.inject(`/api/events/${id}`)).json().report).toBeNull()
    expect((await publish()).statusCode).toBe(200)
    expect((await app.inject(`/api/events/${id}`)).json().report).toMatchObject({ heard: '居民希望增加场次。' })
  })
})

describe('POST /api/registrations/:code/feedback', () => {
  it('takes one questionnaire from each who attended, after the event, and summarises them for staff', async () => {
    const id = await makeEvent(app)
    const came = (await signUp(app, id)).json()
    const absent = (await signUp(app, id)).json()
    const answer = { overall: 5, usefulness: 4, organisation: 3, comment: '讲解很清楚' }
    const feedback = (reg: { code: string, manageToken: string }) => residentPost(`/api/registrations/${reg.code}/feedback`, answer, { 'x-manage-token': reg.manageToken })

    expect((await feedback(came)).statusCode).toBe(409) // not checked in yet
    await staff('POST', `/api/admin/events/${id}/checkins`, { checkins: [{ code: came.code, at: new Date().toISOString() }] })
    const early = await feedback(came)
    expect(early.statusCode).toBe(409)
    expect(early.json().detail).toContain('活动结束后')

    await setEvent(app, id, { startsAt: new Date(Date.now() - 3 * 3600_000), endsAt: new Date(Date.now() - 3600_000) })
    expect((await feedback(came)).statusCode).toBe(201)
    expect((await feedback(came)).statusCode).toBe(409)
    expect((await feedback(absent)).statusCode).toBe(409)
    expect((await mine(app, came.code, came.manageToken)).json().feedbackGiven).toBe(true)
    const bad = await residentPost(`/api/registrations/${came.code}/feedback`, { ...answer, overall: 6 }, { 'x-manage-token': came.manageToken })
    expect(bad.json().field).toBe('overall')

    const summary = (await staff('GET', `/api/admin/events/${id}/feedback`)).json()
    expect(summary).toMatchObject({ count: 1, overall: 5, usefulness: 4, organisation: 3, comments: [{ comment: '讲解很清楚', overall: 5 }] })
    const event = (await staff('GET', `/api/admin/events/${id}`)).json()
    expect(event).toMatchObject({ registered: 2, checkedIn: 1, noShow: 1 })
  })
})

describe('theme proposals', () => {
  it('are moderated before they show, supported once per device, and ranked by support', async () => {
    const a = (await residentPost('/api/events/proposals', { district: 'yangpu', title: '开放杨浦滨江防汛墙泵站', body: '想了解汛期怎么排水' })).json()
    const b = (await residentPost('/api/events/proposals', { district: 'xuhui', title: '开放区12345热线受理大厅', body: '' })).json()
    expect(a.status).toBe('pending')
    expect((await app.inject('/api/events/proposals')).json().items).toEqual([])
    expect((await residentPost(`/api/events/proposals/${a.id}/support`, { deviceId: 'device-aaaaaaaaaaaaaaaa' })).statusCode).toBe(404)

    for (const p of [a, b])
      expect((await staff('POST', `/api/admin/events/proposals/${p.id}/moderate`, { decision: 'publish' })).statusCode).toBe(204)
    const first = await residentPost(`/api/events/proposals/${b.id}/support`, { deviceId: 'device-aaaaaaaaaaaaaaaa' })
    expect(first.json()).toEqual({ supportCount: 1, supported: true })
    expect((await residentPost(`/api/events/proposals/${b.id}/support`, { deviceId: 'device-aaaaaaaaaaaaaaaa' })).json().supportCount).toBe(1)
    expect((await residentPost(`/api/events/proposals/${b.id}/support`, { deviceId: 'device-bbbbbbbbbbbbbbbb' })).json().supportCount).toBe(2)
    const list = (await app.inject('/api/events/proposals')).json().items
    expect(list.map((p: { id: number }) => p.id)).toEqual([b.id, a.id])

    const admin = (await staff('GET', '/api/admin/events/proposals')).json().items
    expect(admin[0]).toMatchObject({ id: b.id, supportCount: 2, status: 'published' })
  })

  it('are left pending when the audit row of their moderation cannot be written; then it goes through', async () => {
    const p = (await residentPost('/api/events/proposals', { district: 'minhang', title: '开放闵行区档案馆', body: '' })).json()
    const reject = () => staff('POST', `/api/admin/events/proposals/${p.id}/moderate`, { decision: 'reject' })
    const status = async () => (await staff('GET', '/api/admin/events/proposals')).json().items.find((x: { id: number }) => x.id === p.id).status
    await failsWithoutAudit(app, 'proposal.reject', reject)
    expect(await status()).toBe('pending')
    expect((await reject()).statusCode).toBe(204)
    expect(await status()).toBe('rejected')
  })
})

describe('purgeExpiredPersonalData', () => {
  it('erases names and phone numbers 30 days after the event, and keeps the counts', async () => {
    const id = await makeEvent(app)
    const reg = (await signUp(app, id, { name: '要删除的人', phone: '13711112222' })).json()
    const other = await makeEvent(app)
    await signUp(app, other, { name: '还在保留期', phone: '13711113333' })
    await setEvent(app, id, { startsAt: new Date(Date.now() - 32 * 86_400_000), endsAt: new Date(Date.now() - 31 * 86_400_000) })
    expect(await purgeExpiredPersonalData(app.db, new Date())).toBe(1)
    expect(await purgeExpiredPersonalData(app.db, new Date())).toBe(0)
    const list = (await staff('GET', `/api/admin/events/${id}/registrations`)).json().items
    expect(list).toEqual([expect.objectContaining({ code: reg.code, name: '', phoneMasked: '', status: 'confirmed' })])
    expect((await staff('GET', `/api/admin/events/${other}/registrations`)).json().items[0].name).toBe('还在保留期')
    expect((await staff('POST', `/api/admin/events/${id}/registrations/${reg.code}/reveal`, { reason: '核对' })).statusCode).toBe(404)
  })
})
