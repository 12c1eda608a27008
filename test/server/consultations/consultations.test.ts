import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, consultations } from '../../../src/server/db/schema'
import { addVersion } from '../../../src/server/repositories/consultations'
import { ensureCatalogue } from '../../../src/server/repositories/consultations-decisions'
import { purgeConsultationContacts } from '../../../src/server/repositories/maintenance'
import { buildTestApp, failsWithoutAudit, jsonWrite } from '../../support/app'
import { expectAuditedReveal } from '../../support/reveal'
import { closeNow, makeConsultation, postComment, SIX_ARTICLES, staffCookie } from './support'

let app: FastifyInstance
let moderator: string
beforeAll(async () => {
  app = await buildTestApp()
  moderator = await staffCookie(app)
})
afterAll(() => app.close())

async function approve(consultationId: number, ids: number[]) {
  const res = await app.inject({ method: 'POST', url: `/api/admin/consultations/${consultationId}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids, action: 'approve' } })
  expect(res.statusCode).toBe(200)
}

describe('POST /api/consultations/:id/comments', () => {
  it('takes a comment while open and answers with a receipt', async () => {
    const id = await makeConsultation(app, 'open')
    const res = await postComment(app, id, { text: '建议提高补贴比例。', articleAnchor: 'a4' })
    expect(res.statusCode).toBe(201)
    expect(res.headers['cache-control']).toBe('no-store')
    const body = res.json()
    expect(body).toMatchObject({ id: expect.any(Number), status: 'pending' })
    expect(body.receiptNumber).toMatch(/^YJ-\d{8}-[A-Z2-9]{4}$/)
    expect(body.receiptToken.length).toBeGreaterThanOrEqual(32)
  })

  it('refuses comments before opening and after closing with a 409 that says why', async () => {
    const upcoming = await makeConsultation(app, 'upcoming')
    const closed = await makeConsultation(app, 'closed')
    const before = await postComment(app, upcoming, { text: '提前提交' })
    expect(before.statusCode).toBe(409)
    expect(before.json().detail).toContain('尚未开始')
    const after = await postComment(app, closed, { text: '迟到的意见' })
    expect(after.statusCode).toBe(409)
    expect(after.json().detail).toContain('已截止')
    const en = await app.inject({ method: 'POST', url: `/api/consultations/${closed}/comments`, headers: { ...jsonWrite, 'idempotency-key': 'late-key-000000000001', 'accept-language': 'en' }, payload: { text: 'late', commenterType: 'individual', consent: false } })
    expect(en.json().detail).toContain('closed')
  })

  it('creates one comment for the same Idempotency-Key sent twice', async () => {
    const id = await makeConsultation(app, 'open')
    const key = 'same-key-aaaaaaaaaaaaaaaa'
    const first = await postComment(app, id, { text: '同一条意见' }, key)
    const again = await postComment(app, id, { text: '同一条意见' }, key)
    expect(first.statusCode).toBe(201)
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    const queue = await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })
    expect(queue.json().items).toHaveLength(1)
  })

  it('normalises the text: NFC, control characters out, whitespace collapsed', async () => {
    const id = await makeConsultation(app, 'open')
    const res = await postComment(app, id, { text: '  建议\u0000\u200B  增加   ５楼\t以上的\r\n\r\n\r\n\r\n补贴\u202E。 Cafe\u0301 ' })
    await approve(id, [res.json().id])
    const list = await app.inject(`/api/consultations/${id}/comments`)
    expect(list.json().items[0].text).toBe('建议 增加 ５楼 以上的\n\n补贴。 Café')
  })

  it('refuses a text that is empty once normalised, one over 2000 characters, and a filled honeypot', async () => {
    const id = await makeConsultation(app, 'open')
    const blank = await postComment(app, id, { text: ' \u0000\u200B ' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json().field).toBe('text')
    const long = await postComment(app, id, { text: '长'.repeat(2001) })
    expect(long.statusCode).toBe(400)
    expect(long.json().field).toBe('text')
    const bot = await postComment(app, id, { text: '广告', website: 'https://spam.example' })
    expect(bot.statusCode).toBe(400)
    expect(bot.json().field).toBe('website')
  })

  it('requires consent when contact details are given, and refuses an unknown article', async () => {
    const id = await makeConsultation(app, 'open')
    const noConsent = await postComment(app, id, { text: '请联系我', contact: '13912341234' })
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.json().field).toBe('consent')
    const unknown = await postComment(app, id, { text: '意见', articleAnchor: 'nope' })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json().field).toBe('articleAnchor')
  })
})

describe('GET /api/consultations/:id/comments', () => {
  it('lists published comments only: pending and rejected never show', async () => {
    const id = await makeConsultation(app, 'open')
    const a = (await postComment(app, id, { text: '将被发布', articleAnchor: 'a2' })).json()
    const b = (await postComment(app, id, { text: '将被驳回' })).json()
    await postComment(app, id, { text: '仍在审核' })
    await approve(id, [a.id])
    const reject = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [b.id], action: 'reject', reasonCode: 'off-topic' } })
    expect(reject.statusCode).toBe(200)

    const list = await app.inject(`/api/consultations/${id}/comments`)
    expect(list.json().items.map((c: { text: string }) => c.text)).toEqual(['将被发布'])
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    expect(detail.commentCount).toBe(1)
    expect(detail.draft.articles.find((x: { anchor: string }) => x.anchor === 'a2').commentCount).toBe(1)
    expect(detail.wholeDraftCommentCount).toBe(0)
    expect(JSON.stringify(detail)).not.toContain('将被驳回')
    expect(JSON.stringify(detail)).not.toContain('仍在审核')

    const receipt = await app.inject({ url: `/api/receipts/${b.receiptNumber}`, headers: { 'x-receipt-token': b.receiptToken } })
    expect(receipt.json()).toMatchObject({ state: 'rejected', reason: '与本次征求意见的草案无关。' })
  })

  it('publishes no comment when the audit row of its moderation cannot be written; then it goes through', async () => {
    const id = await makeConsultation(app, 'open')
    const c = (await postComment(app, id, { text: '审计记录写不进时不发布' })).json()
    const approveIt = () => app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [c.id], action: 'approve' } })
    const shown = async () => (await app.inject(`/api/consultations/${id}/comments`)).json().items.map((x: { text: string }) => x.text)
    await failsWithoutAudit(app, 'consultation.comment.approve', approveIt)
    expect(await shown()).toEqual([])
    expect((await approveIt()).json()).toEqual({ changed: 1 })
    expect(await shown()).toEqual(['审计记录写不进时不发布'])
  })

  it('returns a stored <script> verbatim as JSON text, never as HTML', async () => {
    const id = await makeConsultation(app, 'open')
    const res = await postComment(app, id, { text: '<script>alert(1)</script>', displayName: '<img src=x onerror=alert(1)>' })
    await approve(id, [res.json().id])
    const list = await app.inject(`/api/consultations/${id}/comments`)
    expect(list.headers['content-type']).toContain('application/json')
    expect(list.json().items[0]).toMatchObject({ text: '<script>alert(1)</script>', displayName: '<img src=x onerror=alert(1)>' })
  })

  it('never puts contact details in a public response', async () => {
    const id = await makeConsultation(app, 'open')
    const res = await postComment(app, id, { text: '请电话联系我', contact: '13912345678', consent: true, displayName: '王先生' })
    const created = res.json()
    expect(JSON.stringify(created)).not.toContain('13912345678')
    await approve(id, [created.id])
    await closeNow(app, id, moderator)
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [created.id], decision: 'not-adopted', reason: '已有规定' } })
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/report`, headers: { ...jsonWrite, cookie: moderator }, payload: { mainChanges: '无' } })
    const bodies = await Promise.all([
      app.inject(`/api/consultations/${id}/comments`),
      app.inject(`/api/consultations/${id}`),
      app.inject(`/api/consultations`),
      app.inject(`/api/consultations/${id}/report`),
      app.inject({ url: `/api/receipts/${created.receiptNumber}`, headers: { 'x-receipt-token': created.receiptToken } }),
    ])
    for (const b of bodies) {
      expect(b.statusCode).toBe(200)
      expect(b.body).not.toContain('13912345678')
      expect(b.body).not.toContain('5678')
    }
    // staff see it masked
    const staffView = await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })
    expect(staffView.json().items[0].contactMasked).toBe('139****5678')
    expect(staffView.headers['cache-control']).toBe('no-store')
  })

  it('gives staff a commenter\'s contact in full only for a reason, which the audit log keeps', async () => {
    const id = await makeConsultation(app, 'open')
    const created = (await postComment(app, id, { text: '请电话联系我', contact: '13912345678', consent: true })).json()
    const reveal = (payload: Record<string, unknown>, commentId = created.id, consultationId = id) => app.inject({ method: 'POST', url: `/api/admin/consultations/${consultationId}/comments/${commentId}/contact`, headers: { ...jsonWrite, cookie: moderator }, payload })
    await expectAuditedReveal(app, { url: `/api/admin/consultations/${id}/comments/${created.id}/contact`, cookie: moderator, action: 'consultation.comment.reveal-contact', target: `comment:${created.id}`, detail: { consultationId: id }, reason: '意见涉及具体地址，需电话核实', field: 'contact', value: '13912345678' })
    const logged = () => app.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.comment.reveal-contact'))
    const before = (await logged()).length
    // a comment with no contact, and one of another consultation: nothing, and nothing logged
    const without = (await postComment(app, id, { text: '不留联系方式' })).json()
    expect((await reveal({ reason: '核实' }, without.id)).statusCode).toBe(404)
    const other = await makeConsultation(app, 'open')
    expect((await reveal({ reason: '核实' }, created.id, other)).statusCode).toBe(404)
    expect(await logged()).toHaveLength(before)
  })

  it('reveals nothing of a comment its author has withdrawn (404, nothing logged)', async () => {
    const id = await makeConsultation(app, 'open')
    const created = (await postComment(app, id, { text: '请联系我，我稍后会撤回', contact: '13900001111', consent: true })).json()
    const withdrawn = await app.inject({ method: 'POST', url: `/api/receipts/${created.receiptNumber}/delete`, headers: { ...jsonWrite, 'x-receipt-token': created.receiptToken }, payload: {} })
    expect(withdrawn.statusCode, withdrawn.body).toBe(204)
    const logged = () => app.db.select().from(auditLog).where(eq(auditLog.action, 'consultation.comment.reveal-contact'))
    const before = (await logged()).length
    const reveal = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/${created.id}/contact`, headers: { ...jsonWrite, cookie: moderator }, payload: { reason: '核实' } })
    expect(reveal.statusCode).toBe(404)
    expect(reveal.body).not.toContain('13900001111')
    expect(await logged()).toHaveLength(before)
  })
})

describe('GET /api/receipts/:receiptNumber', () => {
  it('answers only with the token the device kept, never cached', async () => {
    const id = await makeConsultation(app, 'open')
    const created = (await postComment(app, id, { text: '回执测试', articleAnchor: 'a3' })).json()
    const ok = await app.inject({ url: `/api/receipts/${created.receiptNumber}`, headers: { 'x-receipt-token': created.receiptToken } })
    expect(ok.statusCode).toBe(200)
    expect(ok.headers['cache-control']).toBe('no-store')
    expect(ok.json()).toMatchObject({ receiptNumber: created.receiptNumber, state: 'pending', text: '回执测试', articleNumber: '第三条', consultationId: id })
    const wrong = await app.inject({ url: `/api/receipts/${created.receiptNumber}`, headers: { 'x-receipt-token': 'x'.repeat(32) } })
    expect(wrong.statusCode).toBe(404)
    const missing = await app.inject({ url: `/api/receipts/${created.receiptNumber}` })
    expect(missing.statusCode).toBe(400)
  })
})

describe('anchors across versions', () => {
  it('keeps a comment on 第五条 on the same article when one is inserted before it', async () => {
    const id = await makeConsultation(app, 'open')
    const created = (await postComment(app, id, { text: '建议分期拨付', articleAnchor: 'a5' })).json()
    await approve(id, [created.id])
    expect((await app.inject(`/api/consultations/${id}/comments`)).json().items[0]).toMatchObject({ articleAnchor: 'a5', articleNumber: '第五条' })

    // a revised draft: a new article before the old 第五条
    const revised = [...SIX_ARTICLES.slice(0, 4), { text: '申请补贴应当经本幢房屋业主表决同意。' }, ...SIX_ARTICLES.slice(4)]
    await addVersion(app.db, id, 'draft', '征求意见稿（修改）', revised)
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    const articles = detail.draft.articles as Array<{ anchor: string, number: string, commentCount: number }>
    expect(articles).toHaveLength(7)
    expect(articles[4]!.anchor).not.toMatch(/^a\d$/)
    const same = articles.find(a => a.anchor === 'a5')!
    expect(same).toMatchObject({ number: '第六条', commentCount: 1 })
    expect((await app.inject(`/api/consultations/${id}/comments`)).json().items[0]).toMatchObject({ articleAnchor: 'a5', articleNumber: '第六条' })
    const receipt = await app.inject({ url: `/api/receipts/${created.receiptNumber}`, headers: { 'x-receipt-token': created.receiptToken } })
    expect(receipt.json().articleNumber).toBe('第六条')
  })
})

describe('decisions, the final text and GET /api/consultations/:id/report', () => {
  it('publishes a report with per-comment decisions, counts by commenter type and the final text beside the draft', async () => {
    const id = await makeConsultation(app, 'open')
    const c1 = (await postComment(app, id, { text: '补贴比例太低，建议提高到百分之五十。', articleAnchor: 'a4', commenterType: 'individual' })).json()
    const c2 = (await postComment(app, id, { text: '同意提高补贴。', articleAnchor: 'a4', commenterType: 'association' })).json()
    const c3 = (await postComment(app, id, { text: '建议分期拨付补贴资金。', articleAnchor: 'a5', commenterType: 'enterprise' })).json()
    const c4 = (await postComment(app, id, { text: '无关的广告', commenterType: 'enterprise' })).json()
    await approve(id, [c1.id, c2.id, c3.id])
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [c4.id], action: 'reject', reasonCode: 'advertising', reason: '含有推销内容（已编辑）' } })

    // not before closing
    const early = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [c1.id], decision: 'adopted', reason: '采纳' } })
    expect(early.statusCode).toBe(409)
    await closeNow(app, id, moderator)

    const final = [...SIX_ARTICLES.slice(0, 3), { anchor: 'a4', chapter: '第二章 补贴标准', text: '每台电梯补贴不超过工程费用的百分之五十，最高三十万元。' }, { text: '申请补贴应当经本幢房屋业主表决同意。' }, ...SIX_ARTICLES.slice(4)]
    const published = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/final`, headers: { ...jsonWrite, cookie: moderator }, payload: { articles: final } })
    expect(published.statusCode).toBe(200)

    // a group of similar comments gets one decision
    const group = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [c1.id, c2.id], decision: 'adopted', reason: '已将补贴比例提高至百分之五十。', finalArticleAnchor: 'a4' } })
    expect(group.json().changed).toBe(2)
    // the report waits for every published comment
    const tooSoon = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/report`, headers: { ...jsonWrite, cookie: moderator }, payload: { mainChanges: '提高补贴比例' } })
    expect(tooSoon.statusCode).toBe(409)
    expect((await app.inject(`/api/consultations/${id}/report`)).statusCode).toBe(404)
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [c3.id], decision: 'not-adopted', reason: '一次性拨付可减少业主垫资，维持原规定。', finalArticleAnchor: null } })
    const report = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/report`, headers: { ...jsonWrite, cookie: moderator }, payload: { mainChanges: '补贴比例提高至百分之五十；新增业主表决一条。' } })
    expect(report.statusCode).toBe(200)

    const res = await app.inject(`/api/consultations/${id}/report`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.totals).toEqual({ received: 4, published: 3, rejected: 1, adopted: 2, partly: 0, notAdopted: 1 })
    expect(body.byCommenterType).toEqual({ individual: 1, enterprise: 1, association: 1, organisation: 0 })
    expect(body.mainChanges).toContain('百分之五十')
    expect(body.comments).toHaveLength(3)
    expect(body.comments.find((c: { id: number }) => c.id === c1.id).decision).toMatchObject({ outcome: 'adopted', finalArticleAnchor: 'a4', finalArticleNumber: '第四条' })
    expect(body.comments.find((c: { id: number }) => c.id === c3.id).decision).toMatchObject({ outcome: 'not-adopted', reason: '一次性拨付可减少业主垫资，维持原规定。' })

    // the commenter's receipt shows the outcome
    const r3 = await app.inject({ url: `/api/receipts/${c3.receiptNumber}`, headers: { 'x-receipt-token': c3.receiptToken } })
    expect(r3.json()).toMatchObject({ state: 'not-adopted', reason: '一次性拨付可减少业主垫资，维持原规定。' })
    const r1 = await app.inject({ url: `/api/receipts/${c1.receiptNumber}`, headers: { 'x-receipt-token': c1.receiptToken } })
    expect(r1.json()).toMatchObject({ state: 'adopted', decision: { finalArticleNumber: '第四条' } })

    // the page: final beside draft, article by article, and the outcome on each comment
    const detail = (await app.inject(`/api/consultations/${id}`)).json()
    expect(detail.status).toBe('reported')
    expect(detail.outcome).toMatchObject({ comments: 3, adopted: 2, notAdopted: 1 })
    const changes = detail.changes as Array<{ anchor: string, change: string, draftNumber: string | null, finalNumber: string | null, segments: Array<{ op: string, text: string }> }>
    expect(changes.find(c => c.anchor === 'a4')).toMatchObject({ change: 'changed', draftNumber: '第四条', finalNumber: '第四条' })
    expect(changes.find(c => c.anchor === 'a4')!.segments).toEqual(expect.arrayContaining([{ op: 'del', text: '四' }, { op: 'ins', text: '五' }]))
    expect(changes.find(c => c.change === 'added')).toMatchObject({ draftNumber: null, finalNumber: '第五条' })
    expect(changes.find(c => c.anchor === 'a5')).toMatchObject({ change: 'same', draftNumber: '第五条', finalNumber: '第六条' })
    const comments = (await app.inject(`/api/consultations/${id}/comments`)).json().items
    expect(comments.find((c: { id: number }) => c.id === c2.id).decision.outcome).toBe('adopted')

    const list = (await app.inject('/api/consultations')).json()
    expect(list.closed.find((c: { id: number }) => c.id === id).outcome).toMatchObject({ adopted: 2 })

    const actions = (await app.db.select().from(auditLog)).map(r => r.action)
    expect(actions).toEqual(expect.arrayContaining(['consultation.comment.approve', 'consultation.comment.reject', 'consultation.comment.decide', 'consultation.final', 'consultation.report', 'consultation.window']))
  })
})

describe('/api/admin/consultations', () => {
  it('needs a moderator or editor', async () => {
    expect((await app.inject('/api/admin/consultations')).statusCode).toBe(401)
    const organizer = await staffCookie(app, 'organizer')
    expect((await app.inject({ url: '/api/admin/consultations', headers: { cookie: organizer } })).statusCode).toBe(403)
    const editor = await staffCookie(app, 'editor')
    expect((await app.inject({ url: '/api/admin/consultations', headers: { cookie: editor } })).statusCode).toBe(200)
  })

  it('shows the 10-working-day report deadline and flags it when overdue', async () => {
    const id = await makeConsultation(app, 'closed')
    const res = await app.inject({ url: '/api/admin/consultations', headers: { cookie: moderator } })
    const entry = res.json().items.find((c: { id: number }) => c.id === id)
    expect(entry.reportDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(entry.reportOverdue).toBe(false)
    // closed long ago: overdue
    await app.inject({ method: 'PATCH', url: `/api/admin/consultations/${id}/window`, headers: { ...jsonWrite, cookie: moderator }, payload: { opensAt: '2026-01-05T00:00:00Z', closesAt: '2026-02-01T00:00:00Z' } })
    const later = (await app.inject({ url: '/api/admin/consultations', headers: { cookie: moderator } })).json().items.find((c: { id: number }) => c.id === id)
    expect(later.reportDueOn).toBe('2026-02-13')
    expect(later.reportOverdue).toBe(true)
  })
})

describe('contact retention', () => {
  it('masks contact details for staff, and the hourly job deletes them 30 days after the report is published', async () => {
    const id = await makeConsultation(app, 'open')
    const created = (await postComment(app, id, { text: '请联系我', contact: 'me@example.com', consent: true })).json()
    await approve(id, [created.id])
    await closeNow(app, id, moderator)
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [created.id], decision: 'adopted', reason: '采纳' } })
    await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/report`, headers: { ...jsonWrite, cookie: moderator }, payload: { mainChanges: '无' } })
    const before = await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })
    expect(before.json().items[0].contactMasked).toBe('m***@example.com')
    await app.db.update(consultations).set({ reportPublishedAt: new Date(Date.now() - 31 * 86_400_000) }).where(eq(consultations.id, id))
    // listing consultations deletes nothing (no change on GET); the maintenance job does
    await app.inject({ url: '/api/admin/consultations', headers: { cookie: moderator } })
    expect((await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })).json().items[0].contactMasked).toBe('m***@example.com')
    await purgeConsultationContacts(app.db, new Date())
    const after = await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })
    expect(after.json().items[0].contactMasked).toBeNull()
  })
})

describe('/api/admin/decisions', () => {
  it('records every change to the catalogue with its reason, for editors only', async () => {
    await ensureCatalogue(app.db, 2030, '2030-03-20', '区人民政府办公室')
    const editor = await staffCookie(app, 'editor')
    const noReason = await app.inject({ method: 'POST', url: '/api/admin/decisions', headers: { ...jsonWrite, cookie: editor }, payload: { year: 2030, title: '区垃圾分类设施规划', department: '区绿化市容局', stage: 'draft' } })
    expect(noReason.statusCode).toBe(400)
    expect(noReason.json().field).toBe('reason')
    const add = await app.inject({ method: 'POST', url: '/api/admin/decisions', headers: { ...jsonWrite, cookie: editor }, payload: { year: 2030, title: '区垃圾分类设施规划', department: '区绿化市容局', stage: 'draft', reason: '涉及重大公共设施。' } })
    expect(add.statusCode).toBe(201)
    const id = (await app.inject('/api/decisions?year=2030')).json().items[0].id
    expect((await app.inject({ method: 'PATCH', url: `/api/admin/decisions/${id}`, headers: { ...jsonWrite, cookie: moderator }, payload: { stage: 'hearing', reason: 'x' } })).statusCode).toBe(403)
    const change = await app.inject({ method: 'PATCH', url: `/api/admin/decisions/${id}`, headers: { ...jsonWrite, cookie: editor }, payload: { stage: 'hearing', reason: '专家论证已完成，进入听证。' } })
    expect(change.statusCode).toBe(200)
    const entry = (await app.inject('/api/decisions?year=2030')).json().items[0]
    expect(entry).toMatchObject({ stage: 'hearing', changes: [{ change: 'added', reason: '涉及重大公共设施。' }, { change: 'modified', reason: '专家论证已完成，进入听证。' }] })
  })
})
