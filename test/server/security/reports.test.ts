import type { FastifyInstance } from 'fastify'
import { and, eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, commentReports } from '../../../src/server/db/schema'
import { buildTestApp, jsonWrite } from '../../support/app'
import { makeConsultation, postComment, staffCookie } from '../consultations/support'

let app: FastifyInstance
let moderator: string
beforeAll(async () => {
  app = await buildTestApp()
  moderator = await staffCookie(app)
})
afterAll(() => app.close())

const device = (n: number | string) => `report-device-${n}-0123456789`

async function publishedComment(text: string) {
  const id = await makeConsultation(app, 'open')
  const created = (await postComment(app, id, { text })).json()
  await moderate(id, [created.id], 'approve')
  return { id, commentId: created.id as number }
}

function moderate(id: number, ids: number[], action: 'approve' | 'reject') {
  return app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids, action, ...(action === 'reject' ? { reasonCode: 'abusive' } : {}) } })
}

function report(id: number, commentId: number, deviceId: string, reason = 'abusive') {
  return app.inject({ method: 'POST', url: `/api/consultations/${id}/comments/${commentId}/reports`, headers: jsonWrite, payload: { deviceId, reason } })
}

const publicIds = async (id: number) => (await app.inject(`/api/consultations/${id}/comments`)).json().items.map((c: { id: number }) => c.id) as number[]
const queueItem = async (id: number, commentId: number) => (await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })).json().items.find((c: { id: number }) => c.id === commentId)

describe('POST /api/consultations/:id/comments/:commentId/reports', () => {
  it('counts one report per device, and hides the comment at three devices until a moderator looks', async () => {
    const { id, commentId } = await publishedComment('一条被举报的意见')
    expect((await report(id, commentId, device('a'))).json()).toEqual({ reported: true, hidden: false })
    // the same device again changes nothing
    expect((await report(id, commentId, device('a'), 'advertising')).json()).toEqual({ reported: true, hidden: false })
    expect((await report(id, commentId, device('b'))).json()).toEqual({ reported: true, hidden: false })
    expect(await publicIds(id)).toContain(commentId)
    expect((await report(id, commentId, device('c'))).json()).toEqual({ reported: true, hidden: true })
    expect(await publicIds(id)).not.toContain(commentId)
    // a report after it is hidden is still answered plainly
    expect((await report(id, commentId, device('d'))).json()).toEqual({ reported: true, hidden: true })

    const queued = await queueItem(id, commentId)
    expect(queued).toMatchObject({ status: 'pending', reportCount: 4, reportedAt: expect.any(String) })
    const pending = (await app.inject({ url: `/api/admin/consultations/${id}/comments?status=pending`, headers: { cookie: moderator } })).json().items
    expect(pending.map((c: { id: number }) => c.id)).toContain(commentId)
  })

  it('lets a moderator restore it: shown again, its reports cleared, so two new ones do not hide it', async () => {
    const { id, commentId } = await publishedComment('恢复显示的意见')
    for (const n of [1, 2, 3])
      await report(id, commentId, device(`r${n}`))
    expect(await publicIds(id)).not.toContain(commentId)
    expect((await moderate(id, [commentId], 'approve')).statusCode).toBe(200)
    expect(await publicIds(id)).toContain(commentId)
    expect(await queueItem(id, commentId)).toMatchObject({ status: 'published', reportCount: 0, reportedAt: null })
    await report(id, commentId, device('r4'))
    expect((await report(id, commentId, device('r5'))).json().hidden).toBe(false)
    expect(await publicIds(id)).toContain(commentId)
    const audited = await app.db.select().from(auditLog).where(and(eq(auditLog.action, 'consultation.comment.approve'), like(auditLog.target, `consultation:${id}`)))
    expect(audited.length).toBeGreaterThanOrEqual(2)
  })

  it('lets a moderator remove it, audited', async () => {
    const { id, commentId } = await publishedComment('应当删除的意见')
    for (const n of [1, 2, 3])
      await report(id, commentId, device(`x${n}`))
    expect((await moderate(id, [commentId], 'reject')).statusCode).toBe(200)
    expect(await queueItem(id, commentId)).toMatchObject({ status: 'rejected', reportCount: 0 })
    expect(await publicIds(id)).not.toContain(commentId)
    expect((await report(id, commentId, device('x9'))).statusCode).toBe(404)
    const audited = await app.db.select().from(auditLog).where(and(eq(auditLog.action, 'consultation.comment.reject'), eq(auditLog.target, `consultation:${id}`)))
    expect(audited).toHaveLength(1)
  })

  it('counts concurrent reports one after another: five devices at once hide it exactly once', async () => {
    const { id, commentId } = await publishedComment('同时被举报的意见')
    const answers = await Promise.all([1, 2, 3, 4, 5].map(n => report(id, commentId, device(`c${n}`))))
    expect(answers.every(a => a.statusCode === 200)).toBe(true)
    // the third report to be counted hides it, and each later one finds it hidden already
    expect(answers.filter(a => a.json().hidden).length).toBe(3)
    expect(await app.db.$count(commentReports, eq(commentReports.commentId, commentId))).toBe(5)
    expect(await queueItem(id, commentId)).toMatchObject({ status: 'pending', reportCount: 5 })
  })

  it('answers 404 for a comment not on the public page, and stores a keyed hash, never the device id', async () => {
    const id = await makeConsultation(app, 'open')
    const pending = (await postComment(app, id, { text: '尚未审核的意见' })).json()
    expect((await report(id, pending.id, device('p'))).statusCode).toBe(404)
    expect((await report(id, 2_000_000, device('p'))).statusCode).toBe(404)
    const { id: other, commentId } = await publishedComment('另一条意见')
    expect((await report(id, commentId, device('p'))).statusCode).toBe(404)
    expect((await report(other, commentId, device('p'))).statusCode).toBe(200)
    const rows = await app.db.select().from(commentReports).where(eq(commentReports.commentId, commentId))
    expect(rows[0]!.deviceHash).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(await app.db.select().from(commentReports))).not.toContain('report-device')
  })

  it('refuses a malformed report', async () => {
    const { id, commentId } = await publishedComment('格式检查')
    const bad = await app.inject({ method: 'POST', url: `/api/consultations/${id}/comments/${commentId}/reports`, headers: jsonWrite, payload: { deviceId: 'short', reason: 'abusive' } })
    expect(bad.statusCode).toBe(400)
    const extra = await app.inject({ method: 'POST', url: `/api/consultations/${id}/comments/${commentId}/reports`, headers: jsonWrite, payload: { deviceId: device('e'), reason: 'abusive', note: 'x' } })
    expect(extra.json()).toMatchObject({ code: 'validation', field: 'note' })
  })
})
