import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, questions } from '../../../src/server/db/schema'
import { loadDemoContent } from '../../../src/server/demo/load'
import { purgeQuestionContacts } from '../../../src/server/repositories/maintenance'
import { buildTestApp, failsWithoutAudit, jsonWrite, newStaffSession, signInStaff } from '../../support/app'
import { expectAuditedReveal } from '../../support/reveal'

// Wednesday 30 September 2026, 10:00 in Shanghai: the National Day holiday starts the next day.
let now = new Date('2026-09-30T02:00:00Z')
let app: FastifyInstance
let docId: number
let moderator: string

function ask(body: Record<string, unknown>, key = crypto.randomUUID()) {
  return app.inject({ method: 'POST', url: `/api/documents/${docId}/questions`, headers: { ...jsonWrite, 'idempotency-key': key }, payload: body })
}

beforeAll(async () => {
  app = await buildTestApp({ clock: () => now })
  await loadDemoContent(app.db, new Date('2026-09-01T02:00:00Z'))
  const found = (await app.inject(`/api/documents?q=${encodeURIComponent('长者食堂')}`)).json()
  docId = found.items[0].id
  moderator = (await newStaffSession(app, 'moderator', { email: 'mod@pudong.gov.cn', password: 'moderator password 1', displayName: '审核员' })).cookie
})
afterAll(() => app.close())

describe('POST /api/documents/:id/questions', () => {
  it('records a question, keeps it private and gives a receipt due in 5 working days across the holiday', async () => {
    const res = await ask({ text: '长者食堂的补贴需要每月申请吗？', contact: '13912345678', consent: true })
    expect(res.statusCode).toBe(201)
    const receipt = res.json()
    expect(receipt).toMatchObject({ status: 'pending', receiptNumber: expect.stringMatching(/^WD-20260930-[A-Z0-9]{6}$/) })
    // 1–7 October are off; Saturday 10 October is a make-up working day: 8, 9, 10, 12, 13
    expect(receipt.dueOn).toBe('2026-10-13')
    expect(res.headers['cache-control']).toBe('no-store')

    const page = (await app.inject(`/api/documents/${docId}`)).json()
    expect(page.questions.map((q: { text: string }) => q.text)).not.toContain('长者食堂的补贴需要每月申请吗？')

    const own = await app.inject({ url: `/api/questions/receipts/${receipt.receiptNumber}`, headers: { 'x-receipt-token': receipt.receiptToken } })
    expect(own.json()).toMatchObject({ status: 'pending', dueOn: '2026-10-13' })
    const stranger = await app.inject({ url: `/api/questions/receipts/${receipt.receiptNumber}`, headers: { 'x-receipt-token': 'x'.repeat(32) } })
    expect(stranger.statusCode).toBe(404)
  })

  it('creates one question for one idempotency key, however often it is sent', async () => {
    const key = crypto.randomUUID()
    const first = await ask({ text: '同一个问题只应该记录一次吗？' }, key)
    const second = await ask({ text: '同一个问题只应该记录一次吗？' }, key)
    expect(second.json().receiptNumber).toBe(first.json().receiptNumber)
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    expect(queue.filter((q: { text: string }) => q.text === '同一个问题只应该记录一次吗？')).toHaveLength(1)
  })

  it('refuses contact details without consent, a filled honeypot and an empty question', async () => {
    expect((await ask({ text: '留下电话但不同意用途', contact: '13912345678' })).json()).toMatchObject({ field: 'consent' })
    expect((await ask({ text: '机器人填写的问题内容', website: 'http://spam' })).statusCode).toBe(400)
    expect((await ask({ text: '   ' })).statusCode).toBe(400)
  })

  it('stores text normalised, and markup as plain text', async () => {
    const res = await ask({ text: '  <script>alert(1)</script>\u0007  补贴\n\n\n\n标准？ ' })
    const own = (await app.inject({ url: `/api/questions/receipts/${res.json().receiptNumber}`, headers: { 'x-receipt-token': res.json().receiptToken } })).json()
    expect(own.text).toBe('<script>alert(1)</script> 补贴\n\n标准？')
  })

  it('drops a NUL character from any field of a body, which PostgreSQL cannot store (found by the property test)', async () => {
    const res = await ask({ text: '加装电梯的补贴什么时候发放？', contact: '139\u00001234\u00005678', consent: true })
    expect(res.statusCode).toBe(201)
    const [row] = await app.db.select({ contact: questions.contact }).from(questions).where(eq(questions.receiptNumber, res.json().receiptNumber))
    expect(row!.contact).toBe('13912345678')
    expect((await ask({ text: '只有一个空字符的联系方式', contact: '\u0000', consent: true })).statusCode).toBeLessThan(500)
  })
})

describe('answering questions (staff)', () => {
  it('publishes a question only with its answer, and lists FAQs across policies', async () => {
    const asked = (await ask({ text: '长者食堂周末开门吗？', contact: 'wang@example.com', consent: true })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    // staff see the contact masked, as for comments (PIPL: nothing personal in full in a staff answer)
    expect(item).toMatchObject({ contact: 'w***@example.com', dueOn: '2026-10-13', overdue: false })

    const answer = await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/answer`, headers: { ...jsonWrite, cookie: moderator }, payload: { answer: '周末正常供餐，节假日以食堂公告为准。', answeredBy: '浦东新区民政局', isFaq: true } })
    expect(answer.statusCode).toBe(204)

    const page = (await app.inject(`/api/documents/${docId}`)).json()
    const shown = page.questions.find((q: { text: string }) => q.text === '长者食堂周末开门吗？')
    expect(shown).toMatchObject({ answer: '周末正常供餐，节假日以食堂公告为准。', answeredBy: '浦东新区民政局', isFaq: true })
    expect(JSON.stringify(page)).not.toContain('wang@example.com')

    const faq = (await app.inject(`/api/faq?q=${encodeURIComponent('周末')}`)).json()
    expect(faq[0].text).toBe('长者食堂周末开门吗？')
    const own = (await app.inject({ url: `/api/questions/receipts/${asked.receiptNumber}`, headers: { 'x-receipt-token': asked.receiptToken } })).json()
    expect(own).toMatchObject({ status: 'answered', answeredBy: '浦东新区民政局' })
  })

  it('gives staff an asker\'s contact in full only for a reason, which the audit log keeps, and never once withdrawn', async () => {
    const asked = (await ask({ text: '加装电梯补贴如何申请？', contact: 'li@example.com', consent: true })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    const url = `/api/admin/questions/${item.id}/contact`
    await expectAuditedReveal(app, { url, cookie: moderator, action: 'question.reveal-contact', target: `question:${item.id}`, reason: '需要补充材料，电邮联系', field: 'contact', value: 'li@example.com' })
    const logged = () => app.db.select().from(auditLog).where(eq(auditLog.action, 'question.reveal-contact'))
    const before = (await logged()).length
    // the asker deletes it: the contact is gone for staff too, and nothing is logged
    expect((await app.inject({ method: 'POST', url: `/api/questions/receipts/${asked.receiptNumber}/delete`, headers: { ...jsonWrite, 'x-receipt-token': asked.receiptToken }, payload: {} })).statusCode).toBe(204)
    expect((await app.inject({ method: 'POST', url, headers: { ...jsonWrite, cookie: moderator }, payload: { reason: '核实' } })).statusCode).toBe(404)
    expect(await logged()).toHaveLength(before)
  })

  it('gives a question triaged as simple a deadline of one working day', async () => {
    const asked = (await ask({ text: '长者食堂几点开门？' })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    // asked on Wednesday 30 September: the next working day is Thursday 8 October, after the holiday
    const simple = await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/simple`, headers: { ...jsonWrite, cookie: moderator }, payload: { simple: true } })
    expect(simple.json()).toEqual({ dueOn: '2026-10-08' })
    const own = (await app.inject({ url: `/api/questions/receipts/${asked.receiptNumber}`, headers: { 'x-receipt-token': asked.receiptToken } })).json()
    expect(own.dueOn).toBe('2026-10-08')
    const back = await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/simple`, headers: { ...jsonWrite, cookie: moderator }, payload: { simple: false } })
    expect(back.json()).toEqual({ dueOn: '2026-10-13' })
  })

  it('answers, rejects, triages and marks nothing when the audit row cannot be written; then goes through', async () => {
    const queued = async (text: string) => {
      await ask({ text })
      const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
      return queue.find((q: { text: string }) => q.text === text).id as number
    }
    const row = async (id: number) => (await app.db.select().from(questions).where(eq(questions.id, id)))[0]!
    const staff = (url: string, payload: object) => () => app.inject({ method: 'POST', url, headers: { ...jsonWrite, cookie: moderator }, payload })

    const answered = await queued('审计记录写不进时会答复吗？')
    const answer = staff(`/api/admin/questions/${answered}/answer`, { answer: '不会。', answeredBy: '区政务公开办', isFaq: false })
    const triage = staff(`/api/admin/questions/${answered}/simple`, { simple: true })
    await failsWithoutAudit(app, 'question.triage', triage)
    expect(await row(answered)).toMatchObject({ simple: false, dueOn: '2026-10-13' })
    expect((await triage()).json()).toEqual({ dueOn: '2026-10-08' })
    await failsWithoutAudit(app, 'question.answer', answer)
    expect(await row(answered)).toMatchObject({ status: 'pending', answer: null })
    expect((await answer()).statusCode).toBe(204)
    const faq = staff(`/api/admin/questions/${answered}/faq`, { isFaq: true })
    await failsWithoutAudit(app, 'question.faq', faq)
    expect((await row(answered)).isFaq).toBe(false)
    expect((await faq()).statusCode).toBe(204)

    const rejected = await queued('审计记录写不进时会驳回吗？')
    const reject = staff(`/api/admin/questions/${rejected}/reject`, { reason: '与本文件无关。' })
    await failsWithoutAudit(app, 'question.reject', reject)
    expect(await row(rejected)).toMatchObject({ status: 'pending', rejectReason: null })
    expect((await reject()).statusCode).toBe(204)
    expect((await row(rejected)).status).toBe('rejected')
  })

  it('finds an FAQ when not every word of the query is in it', async () => {
    const faq = (await app.inject(`/api/faq?q=${encodeURIComponent('加装电梯补贴')}`)).json()
    expect(faq[0].text).toContain('加装电梯的补贴')
  })

  it('flags a question past its deadline in the queue', async () => {
    await ask({ text: '这个问题会超过答复期限吗？' })
    now = new Date('2026-10-15T02:00:00Z')
    try {
      // two weeks on, yesterday's staff session has ended: sign in again
      const fresh = await signInStaff(app, 'mod@pudong.gov.cn', 'moderator password 1')
      const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: fresh } })).json()
      expect(queue.find((q: { text: string }) => q.text === '这个问题会超过答复期限吗？')).toMatchObject({ overdue: true })
      const dashboard = (await app.inject({ url: '/api/admin/dashboard', headers: { cookie: fresh } })).json()
      expect(dashboard.questions.overdue).toBeGreaterThan(0)
    }
    finally {
      now = new Date('2026-09-30T02:00:00Z')
    }
  })

  it('keeps the queue from residents and other roles', async () => {
    expect((await app.inject('/api/admin/questions')).statusCode).toBe(401)
    const organizer = (await newStaffSession(app, 'organizer')).cookie
    expect((await app.inject({ url: '/api/admin/questions', headers: { cookie: organizer } })).statusCode).toBe(403)
  })

  it('exports the FAQ library as CSV that Excel opens, formulas neutralised', async () => {
    const asked = (await ask({ text: '=HYPERLINK("http://evil")能点吗？' })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/answer`, headers: { ...jsonWrite, cookie: moderator }, payload: { answer: '+不能。', answeredBy: '区政务公开办', isFaq: true } })
    const csv = await app.inject('/api/faq/export.csv')
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.startsWith('\uFEFF问题,答复')).toBe(true)
    expect(csv.body).toContain('"\'=HYPERLINK(""http://evil"")能点吗？"')
    expect(csv.body).toContain(',\'+不能。,')
    const json = (await app.inject('/api/faq/export.json')).json()
    expect(json.length).toBeGreaterThanOrEqual(5)
  })
})

describe('retention (PIPL)', () => {
  it('removes a question\'s contact details 30 days after its answer, and not before', async () => {
    const asked = (await ask({ text: '联系方式会保留多久？', contact: '13811112222', consent: true })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/answer`, headers: { ...jsonWrite, cookie: moderator }, payload: { answer: '答复后30天删除。', answeredBy: '区政务公开办', isFaq: false } })
    const contactOf = async () => (await app.db.select({ contact: questions.contact }).from(questions).where(eq(questions.id, item.id)))[0]!.contact
    expect(await purgeQuestionContacts(app.db, new Date(now.getTime() + 29 * 86_400_000))).toBe(0)
    expect(await contactOf()).toBe('13811112222')
    expect(await purgeQuestionContacts(app.db, new Date(now.getTime() + 31 * 86_400_000))).toBeGreaterThan(0)
    expect(await contactOf()).toBeNull()
  })
})

describe('the asker deletes their question (PIPL)', () => {
  const remove = (receiptNumber: string, token: string) => app.inject({ method: 'POST', url: `/api/questions/receipts/${receiptNumber}/delete`, headers: { ...jsonWrite, 'x-receipt-token': token }, payload: {} })

  it('erases an answered FAQ question everywhere: the document, the FAQ, the staff queue, the receipt; the same again answers the same', async () => {
    const text = '删除测试：长者食堂可以带家属一起吃饭吗？'
    const asked = (await ask({ text, displayName: '王阿姨', contact: '13900001111', consent: true })).json()
    const queue = (await app.inject({ url: '/api/admin/questions', headers: { cookie: moderator } })).json()
    const item = queue.find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    await app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/answer`, headers: { ...jsonWrite, cookie: moderator }, payload: { answer: '可以，家属按普通价格就餐。', answeredBy: '浦东新区民政局', isFaq: true } })
    expect((await app.inject(`/api/faq?q=${encodeURIComponent('家属')}`)).json().map((q: { text: string }) => q.text)).toContain(text)

    // a wrong token changes nothing
    expect((await remove(asked.receiptNumber, 'x'.repeat(32))).statusCode).toBe(404)
    expect((await app.inject(`/api/documents/${docId}`)).json().questions.map((q: { text: string }) => q.text)).toContain(text)

    expect((await remove(asked.receiptNumber, asked.receiptToken)).statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${docId}`)).json().questions.map((q: { text: string }) => q.text)).not.toContain(text)
    expect((await app.inject(`/api/faq?q=${encodeURIComponent('家属')}`)).json().map((q: { text: string }) => q.text)).not.toContain(text)
    const answered = (await app.inject({ url: '/api/admin/questions?status=answered', headers: { cookie: moderator } })).json()
    expect(answered.map((q: { id: number }) => q.id)).not.toContain(item.id)
    expect((await app.inject({ url: `/api/questions/receipts/${asked.receiptNumber}`, headers: { 'x-receipt-token': asked.receiptToken } })).statusCode).toBe(404)
    const [row] = await app.db.select().from(questions).where(eq(questions.id, item.id))
    expect(row).toMatchObject({ status: 'withdrawn', text: '', displayName: null, contact: null, answer: null, isFaq: false, searchTokens: '' })

    expect((await remove(asked.receiptNumber, asked.receiptToken)).statusCode).toBe(204)
  })

  it('takes 有用 votes only on what residents can see: an answered question, not a pending or a deleted one', async () => {
    const vote = (id: number) => app.inject({ method: 'POST', url: `/api/questions/${id}/helpful`, headers: jsonWrite, payload: { deviceId: `device-${id}-votes-0000000`, helpful: true } })
    const idOf = async (receiptNumber: string) => (await app.db.select({ id: questions.id }).from(questions).where(eq(questions.receiptNumber, receiptNumber)))[0]!.id
    const asked = (await ask({ text: '投票测试：这个问题会被答复吗？' })).json()
    const id = await idOf(asked.receiptNumber)
    expect((await vote(id)).statusCode).toBe(404)
    await app.inject({ method: 'POST', url: `/api/admin/questions/${id}/answer`, headers: { ...jsonWrite, cookie: moderator }, payload: { answer: '会。', answeredBy: '区政务公开办', isFaq: false } })
    expect((await vote(id)).json()).toMatchObject({ yes: 1, no: 0 })
    expect((await remove(asked.receiptNumber, asked.receiptToken)).statusCode).toBe(204)
    expect((await vote(id)).statusCode).toBe(404)
  })

  it('takes a pending question out of the queue, so it is no longer due', async () => {
    const asked = (await ask({ text: '删除测试：还没答复的问题' })).json()
    const pending = async () => (await app.inject({ url: '/api/admin/questions?status=pending', headers: { cookie: moderator } })).json().map((q: { receiptNumber: string }) => q.receiptNumber)
    expect(await pending()).toContain(asked.receiptNumber)
    const item = (await app.inject({ url: '/api/admin/questions?status=pending', headers: { cookie: moderator } })).json().find((q: { receiptNumber: string }) => q.receiptNumber === asked.receiptNumber)
    expect((await remove(asked.receiptNumber, asked.receiptToken)).statusCode).toBe(204)
    expect(await pending()).not.toContain(asked.receiptNumber)

    // a moderator with the queue still open cannot bring it back, by answering or rejecting it
    const staff = (path: string, payload: object) => app.inject({ method: 'POST', url: `/api/admin/questions/${item.id}/${path}`, headers: { ...jsonWrite, cookie: moderator }, payload })
    expect((await staff('answer', { answer: '已答复。', answeredBy: '区政务公开办', isFaq: true })).statusCode).toBe(404)
    expect((await staff('reject', { reason: '重复提问' })).statusCode).toBe(404)
    const [row] = await app.db.select().from(questions).where(eq(questions.id, item.id))
    expect(row).toMatchObject({ status: 'withdrawn', answer: null, isFaq: false })
    expect((await app.inject({ url: `/api/questions/receipts/${asked.receiptNumber}`, headers: { 'x-receipt-token': asked.receiptToken } })).statusCode).toBe(404)
  })
})

describe('有用 / 没用', () => {
  it('counts once per device', async () => {
    const interp = (await app.inject('/api/interpretations?limit=1')).json()[0]
    const vote = (deviceId: string, helpful: boolean) => app.inject({ method: 'POST', url: `/api/interpretations/${interp.id}/helpful`, headers: jsonWrite, payload: { deviceId, helpful } })
    const first = (await vote('device-aaaaaaaaaaaaaaaa', true)).json()
    const again = (await vote('device-aaaaaaaaaaaaaaaa', false)).json()
    const other = (await vote('device-bbbbbbbbbbbbbbbb', false)).json()
    expect(first).toMatchObject({ yes: 1, no: 0, counted: true })
    expect(again).toMatchObject({ yes: 1, no: 0, counted: false })
    expect(other).toMatchObject({ yes: 1, no: 1, counted: true })
  })

  it('counts nothing on an interpretation residents cannot see (404), nor on one that does not exist', async () => {
    const editor = (await newStaffSession(app, 'editor')).cookie
    const interp = (await app.inject('/api/interpretations?limit=1')).json()[0]
    const vote = (id: number) => app.inject({ method: 'POST', url: `/api/interpretations/${id}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-hidden-000000000', helpful: true } })
    const toggle = (action: 'publish' | 'unpublish') => app.inject({ method: 'POST', url: `/api/admin/interpretations/${interp.id}/${action}`, headers: { ...jsonWrite, cookie: editor }, payload: {} })
    const before = (await vote(interp.id)).json()
    expect((await toggle('unpublish')).statusCode).toBe(204)
    try {
      const hidden = await vote(interp.id)
      expect(hidden.statusCode).toBe(404)
      expect((await app.inject({ method: 'POST', url: `/api/interpretations/${interp.id}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-hidden-111111111', helpful: false } })).statusCode).toBe(404)
      expect((await vote(999999)).statusCode).toBe(404)
    }
    finally {
      expect((await toggle('publish')).statusCode).toBe(204)
    }
    // the hidden votes were not counted: a new device's vote is the next one
    const after = (await app.inject({ method: 'POST', url: `/api/interpretations/${interp.id}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-hidden-222222222', helpful: false } })).json()
    expect(after).toMatchObject({ yes: before.yes, no: before.no + 1, counted: true })
  })
})

describe('三同步 (POST /api/admin/documents/:id/publish)', () => {
  it('refuses a normative document without an interpretation unless an editor records why', async () => {
    const editor = (await newStaffSession(app, 'editor', { displayName: '编辑' })).cookie
    const garbage = (await app.inject(`/api/documents?q=${encodeURIComponent('垃圾分类')}`)).json().items[0]
    expect(garbage.type).toBe('normative')
    const withdraw = await app.inject({ method: 'POST', url: `/api/admin/documents/${garbage.id}/withdraw`, headers: { ...jsonWrite, cookie: editor }, payload: {} })
    expect(withdraw.statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${garbage.id}`)).statusCode).toBe(404)

    const refused = await app.inject({ method: 'POST', url: `/api/admin/documents/${garbage.id}/publish`, headers: { ...jsonWrite, cookie: editor }, payload: {} })
    expect(refused.statusCode).toBe(409)
    expect(refused.json()).toMatchObject({ field: 'interpretationWaiver', detail: expect.stringContaining('政策解读同步发布') })

    const published = await app.inject({ method: 'POST', url: `/api/admin/documents/${garbage.id}/publish`, headers: { ...jsonWrite, cookie: editor }, payload: { interpretationWaiver: '征求意见稿，正式文件发布时同步解读。' } })
    expect(published.statusCode).toBe(204)
    expect((await app.inject(`/api/documents/${garbage.id}`)).statusCode).toBe(200)
    expect((await app.inject({ method: 'POST', url: `/api/admin/documents/${garbage.id}/publish`, headers: { ...jsonWrite, cookie: moderator }, payload: {} })).statusCode).toBe(403)
  })
})
