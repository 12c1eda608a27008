import type { FastifyInstance } from 'fastify'
import { eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, events, registrations } from '../../../src/server/db/schema'
import { buildTestApp, failsWithoutAudit, jsonWrite } from '../../support/app'
import { expectAuditedReveal } from '../../support/reveal'
import { eventInput, makeEvent, mine, nextPhone, organiser, setEvent, signUp } from './support'

let app: FastifyInstance
let cookie: string
beforeAll(async () => {
  app = await buildTestApp()
  cookie = await organiser(app)
})
afterAll(() => app.close())

const staffGet = (url: string) => app.inject({ url, headers: { cookie } })
const staffPost = (url: string, payload: object, method: 'POST' | 'PUT' = 'POST') => app.inject({ method, url, headers: { ...jsonWrite, cookie }, payload })

describe('/api/admin/events', () => {
  it('needs an organiser', async () => {
    expect((await app.inject('/api/admin/events')).statusCode).toBe(401)
    expect((await staffGet('/api/admin/events')).statusCode).toBe(200)
  })

  it('creates a draft, publishes it by opening sign-up, closes it, edits and cancels it', async () => {
    const created = await staffPost('/api/admin/events', eventInput({ status: 'draft', signupOpensAt: new Date(Date.now() + 3600_000).toISOString() }))
    expect(created.statusCode).toBe(201)
    const id = created.json().id as number
    expect((await app.inject(`/api/events/${id}`)).statusCode).toBe(404)

    const opened = await staffPost(`/api/admin/events/${id}/signup`, { action: 'open' })
    expect(opened.json()).toMatchObject({ status: 'published', signup: 'open' })
    expect((await signUp(app, id)).statusCode).toBe(201)
    const closed = await staffPost(`/api/admin/events/${id}/signup`, { action: 'close' })
    expect(closed.json().signup).toBe('closed')
    expect((await signUp(app, id)).statusCode).toBe(409)
    const reopened = await staffPost(`/api/admin/events/${id}/signup`, { action: 'open' })
    expect(reopened.json()).toMatchObject({ signup: 'open', signupClosesAt: reopened.json().startsAt })
    await staffPost(`/api/admin/events/${id}/signup`, { action: 'close' })

    const bad = await staffPost(`/api/admin/events/${id}`, eventInput({ capacity: 0 }), 'PUT')
    expect(bad.statusCode).toBe(400)
    const edited = await staffPost(`/api/admin/events/${id}`, eventInput({ title: '改过的标题', capacity: 12 }), 'PUT')
    expect(edited.json()).toMatchObject({ title: '改过的标题', capacity: 12 })

    const reg = (await signUp(app, id)).json()
    const cancelled = await staffPost(`/api/admin/events/${id}/cancel`, { notice: '因台风预警，本场活动取消。' })
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancellationNotice: '因台风预警，本场活动取消。' })
    expect((await mine(app, reg.code, reg.manageToken)).json().event).toMatchObject({ status: 'cancelled', cancellationNotice: '因台风预警，本场活动取消。' })
  })

  it('promotes the waitlist at once when capacity grows', async () => {
    const id = await makeEvent(app, { capacity: 1 })
    await signUp(app, id)
    const w = (await signUp(app, id)).json()
    expect((await app.inject(`/api/events/${id}`)).json()).toMatchObject({ placesLeft: 0, waitlisted: 1 })
    await staffPost(`/api/admin/events/${id}`, eventInput({ capacity: 2 }), 'PUT')
    expect((await mine(app, w.code, w.manageToken)).json().status).toBe('confirmed')
    expect((await app.inject(`/api/events/${id}`)).json()).toMatchObject({ placesLeft: 0, waitlisted: 0 })
    const below = await staffPost(`/api/admin/events/${id}`, eventInput({ capacity: 1 }), 'PUT')
    expect(below.statusCode).toBe(409)
  })

  it('registers a phone caller, even before the window opens', async () => {
    const id = await makeEvent(app, { signupOpensAt: new Date(Date.now() + 3600_000).toISOString() })
    const res = await staffPost(`/api/admin/events/${id}/registrations`, { name: '电话报名', phone: '13912345678', partySize: 1, consent: true })
    expect(res.statusCode).toBe(201)
    expect(res.json().status).toBe('confirmed')
    const again = await staffPost(`/api/admin/events/${id}/registrations`, { name: '电话报名', phone: '13912345678', partySize: 1, consent: true })
    expect(again.statusCode).toBe(409)
  })

  it('refuses a phone caller the places the event does not give, saying why, and takes none', async () => {
    const caller = () => ({ name: '电话报名', phone: nextPhone(), partySize: 1, consent: true })
    const small = await makeEvent(app, { maxParty: 2 })
    const tooMany = await staffPost(`/api/admin/events/${small}/registrations`, { ...caller(), partySize: 3 })
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ field: 'partySize', detail: '每份报名最多 2 人。' })
    expect((await staffPost(`/api/admin/events/2147483000/registrations`, caller())).statusCode).toBe(404)
    const draft = await makeEvent(app, { status: 'draft' })
    expect((await staffPost(`/api/admin/events/${draft}/registrations`, caller())).statusCode).toBe(404)
    const cancelled = await makeEvent(app)
    await setEvent(app, cancelled, { status: 'cancelled' })
    expect((await staffPost(`/api/admin/events/${cancelled}/registrations`, caller())).statusCode).toBe(409)
    const taken = await app.db.select({ id: registrations.id }).from(registrations).where(inArray(registrations.eventId, [small, draft, cancelled]))
    expect(taken).toEqual([])
  })
})

describe('registrations for staff', () => {
  it('are masked; a reveal needs a reason and is written to the audit log', async () => {
    const id = await makeEvent(app)
    const phone = '13987651234'
    const reg = (await signUp(app, id, { phone, name: '赵六' })).json()
    const list = await staffGet(`/api/admin/events/${id}/registrations`)
    expect(list.statusCode).toBe(200)
    expect(list.headers['cache-control']).toBe('no-store')
    expect(list.json().items[0]).toMatchObject({ code: reg.code, name: '赵六', phoneMasked: '139****1234' })
    expect(list.body).not.toContain(phone)

    // stored encrypted, not in the clear
    const [row] = await app.db.select().from(registrations).where(eq(registrations.code, reg.code))
    expect(JSON.stringify(row)).not.toContain(phone)

    await expectAuditedReveal(app, { url: `/api/admin/events/${id}/registrations/${reg.code}/reveal`, cookie, action: 'registration.reveal-phone', target: `registration:${reg.code}`, detail: { eventId: id }, reason: '通知活动改期', field: 'phone', value: phone })
  })

  it('export as CSV with a BOM and formulas escaped', async () => {
    const id = await makeEvent(app)
    await signUp(app, id, { name: '=HYPERLINK("http://evil")' })
    await signUp(app, id, { name: '@SUM(A1)' })
    await signUp(app, id, { name: '普通人, 逗号' })
    const res = await staffGet(`/api/admin/events/${id}/registrations.csv`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xEF, 0xBB, 0xBF]))
    const lines = res.body.replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toContain('报名编号')
    expect(lines[1]).toContain('"\'=HYPERLINK(""http://evil"")"')
    expect(lines[2]).toContain(',\'@SUM(A1),')
    expect(lines[3]).toContain('"普通人, 逗号"')
    expect(res.body).toMatch(/139\*{4}\d{4}/)
  })
})

describe('an organiser\'s action whose audit row cannot be written', () => {
  const event = async (id: number) => (await staffGet(`/api/admin/events/${id}`)).json()
  const registered = (id: number) => app.db.select({ code: registrations.code }).from(registrations).where(eq(registrations.eventId, id))

  it('creates, edits (promoting no one), opens or closes sign-up for, and cancels nothing; then goes through', async () => {
    const create = () => staffPost('/api/admin/events', eventInput({ title: '审计记录写不进时的活动' }))
    await failsWithoutAudit(app, 'event.create', create)
    expect(await app.db.select().from(events).where(eq(events.title, '审计记录写不进时的活动'))).toEqual([])
    expect((await create()).statusCode).toBe(201)

    const id = await makeEvent(app, { capacity: 1 })
    await signUp(app, id)
    const waiting = (await signUp(app, id)).json()
    const edit = () => staffPost(`/api/admin/events/${id}`, eventInput({ title: '改过的标题', capacity: 2 }), 'PUT')
    await failsWithoutAudit(app, 'event.update', edit)
    expect(await event(id)).toMatchObject({ title: '走进区行政服务中心', capacity: 1 })
    expect((await mine(app, waiting.code, waiting.manageToken)).json().status).toBe('waitlisted')
    expect((await edit()).json()).toMatchObject({ title: '改过的标题', capacity: 2 })
    expect((await mine(app, waiting.code, waiting.manageToken)).json().status).toBe('confirmed')

    const close = () => staffPost(`/api/admin/events/${id}/signup`, { action: 'close' })
    await failsWithoutAudit(app, 'event.signup-close', close)
    expect((await event(id)).signup).toBe('open')
    expect((await close()).json().signup).toBe('closed')

    const cancel = () => staffPost(`/api/admin/events/${id}/cancel`, { notice: '因台风预警，本场活动取消。' })
    await failsWithoutAudit(app, 'event.cancel', cancel)
    expect(await event(id)).toMatchObject({ status: 'published', cancellationNotice: null })
    expect((await cancel()).json().status).toBe('cancelled')
  })

  it('takes no place for a phone caller', async () => {
    const id = await makeEvent(app)
    const call = () => staffPost(`/api/admin/events/${id}/registrations`, { name: '电话报名', phone: nextPhone(), partySize: 2, consent: true })
    await failsWithoutAudit(app, 'registration.phone', call)
    expect(await registered(id)).toEqual([])
    expect((await event(id)).placesLeft).toBe(10)
    const res = await call()
    expect(res.statusCode).toBe(201)
    expect(await registered(id)).toEqual([{ code: res.json().code }])
  })

  it('hands out no registration list and no phone number', async () => {
    const id = await makeEvent(app)
    const phone = nextPhone()
    const { code } = (await signUp(app, id, { name: '导出名单里的人', phone })).json()
    await failsWithoutAudit(app, 'registration.reveal-phone', async () => {
      const res = await staffPost(`/api/admin/events/${id}/registrations/${code}/reveal`, { reason: '通知活动改期' })
      expect(res.body).not.toContain(phone)
      return res
    })
    const exported = () => app.db.select().from(auditLog).where(eq(auditLog.target, `event:${id}`))
    await failsWithoutAudit(app, 'registration.export', async () => {
      const res = await staffGet(`/api/admin/events/${id}/registrations.csv`)
      expect(res.body).not.toContain('导出名单里的人')
      return res
    })
    expect(await exported()).toEqual([])
    const res = await staffGet(`/api/admin/events/${id}/registrations.csv`)
    expect(res.body).toContain('导出名单里的人')
    expect((await exported()).map(r => r.action)).toEqual(['registration.export'])
  })
})

describe('POST /api/admin/events/:id/checkins', () => {
  it('accepts a code once, reports the first use to a second phone, and counts live', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const a = (await signUp(app, id)).json()
    const b = (await signUp(app, id)).json()
    const w = (await signUp(app, id, { phone: nextPhone() })).json()
    const first = await staffPost(`/api/admin/events/${id}/checkins`, { checkins: [{ code: a.code, at: '2026-08-10T01:31:00.000Z' }] })
    expect(first.json().results).toEqual([{ code: a.code, outcome: 'accepted', checkedInAt: '2026-08-10T01:31:00.000Z' }])
    // a second phone synced later, but had scanned it earlier offline: the earliest use is kept
    const second = await staffPost(`/api/admin/events/${id}/checkins`, { checkins: [{ code: a.code, at: '2026-08-10T01:30:00.000Z' }, { code: 'ZZZZZZZZZZ', at: '2026-08-10T01:30:00.000Z' }, { code: w.code, at: '2026-08-10T01:30:00.000Z' }] })
    expect(second.json().results).toEqual([
      { code: a.code, outcome: 'duplicate', checkedInAt: '2026-08-10T01:30:00.000Z' },
      { code: 'ZZZZZZZZZZ', outcome: 'unknown', checkedInAt: null },
      { code: w.code, outcome: 'not-confirmed', checkedInAt: null },
    ])
    const event = (await staffGet(`/api/admin/events/${id}`)).json()
    expect(event).toMatchObject({ registered: 2, checkedIn: 1, noShow: 0 })
    expect(b.status).toBe('confirmed')
    const list = (await staffGet(`/api/admin/events/${id}/registrations`)).json()
    expect(list.items.find((r: { code: string }) => r.code === a.code).checkedInAt).toBe('2026-08-10T01:30:00.000Z')
  })
})
