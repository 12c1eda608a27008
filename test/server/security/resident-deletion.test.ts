import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consultationComments, registrations } from '../../../src/server/db/schema'
import { buildTestApp, jsonWrite } from '../../support/app'
import { makeConsultation, postComment, staffCookie } from '../consultations/support'
import { makeEvent, mine, setEvent, signUp } from '../events/support'

// PIPL: a resident deletes their own comment (receipt token) or sign-up (manage token), no account needed.
let app: FastifyInstance
let moderator: string
beforeAll(async () => {
  app = await buildTestApp()
  moderator = await staffCookie(app)
})
afterAll(() => app.close())

function deleteComment(receiptNumber: string, token: string) {
  return app.inject({ method: 'POST', url: `/api/receipts/${receiptNumber}/delete`, headers: { ...jsonWrite, 'x-receipt-token': token }, payload: {} })
}
function deleteRegistration(code: string, token: string) {
  return app.inject({ method: 'POST', url: `/api/registrations/${code}/delete`, headers: { ...jsonWrite, 'x-manage-token': token }, payload: {} })
}
const commentRow = async (id: number) => (await app.db.select().from(consultationComments).where(eq(consultationComments.id, id)))[0]!
const registrationRow = async (code: string) => (await app.db.select().from(registrations).where(eq(registrations.code, code)))[0]!
const placesLeft = async (id: number) => (await app.inject(`/api/events/${id}`)).json().placesLeft as number

async function publishedComment(consultationId: number, text: string) {
  const sent = (await postComment(app, consultationId, { text, articleAnchor: 'a4', displayName: '李四', contact: '13912341234', consent: true })).json()
  const res = await app.inject({ method: 'POST', url: `/api/admin/consultations/${consultationId}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [sent.id], action: 'approve' } })
  expect(res.statusCode).toBe(200)
  return sent as { id: number, receiptNumber: string, receiptToken: string }
}

describe('POST /api/receipts/:receiptNumber/delete', () => {
  it('erases the comment and takes it off the public list and counts; a second delete answers the same', async () => {
    const id = await makeConsultation(app, 'open')
    const mineComment = await publishedComment(id, '建议提高补贴比例。')
    await publishedComment(id, '建议简化申请材料。')
    const detail = async () => (await app.inject(`/api/consultations/${id}`)).json()
    expect((await detail()).commentCount).toBe(2)

    const res = await deleteComment(mineComment.receiptNumber, mineComment.receiptToken)
    expect(res.statusCode).toBe(204)
    expect(res.headers['cache-control']).toBe('no-store')

    const list = (await app.inject(`/api/consultations/${id}/comments`)).json().items as Array<{ text: string }>
    expect(list.map(c => c.text)).toEqual(['建议简化申请材料。'])
    const after = await detail()
    expect(after.commentCount).toBe(1)
    expect(after.draft.articles.find((a: { anchor: string }) => a.anchor === 'a4').commentCount).toBe(1)
    const summary = (await app.inject('/api/consultations')).json().open.find((c: { id: number }) => c.id === id)
    expect(summary.commentCount).toBe(1)

    const row = await commentRow(mineComment.id)
    expect(row).toMatchObject({ status: 'withdrawn', body: '', displayName: null, contact: null, consent: false })
    const receipt = await app.inject({ url: `/api/receipts/${mineComment.receiptNumber}`, headers: { 'x-receipt-token': mineComment.receiptToken } })
    expect(receipt.statusCode).toBe(404)

    // staff see that a comment was withdrawn, without its text, and cannot publish it again
    const staffList = (await app.inject({ url: `/api/admin/consultations/${id}/comments`, headers: { cookie: moderator } })).json().items
    expect(staffList.find((c: { id: number }) => c.id === mineComment.id)).toMatchObject({ status: 'withdrawn', text: '', displayName: null, contactMasked: null })
    const again = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/comments/moderate`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [mineComment.id], action: 'approve' } })
    expect(again.json().changed).toBe(0)
    expect((await commentRow(mineComment.id)).status).toBe('withdrawn')

    const twice = await deleteComment(mineComment.receiptNumber, mineComment.receiptToken)
    expect(twice.statusCode).toBe(204)
  })

  it('answers 404 to a wrong token or an unknown number and changes nothing', async () => {
    const id = await makeConsultation(app, 'open')
    const sent = await publishedComment(id, '请公布补贴名单。')
    const before = await commentRow(sent.id)
    const wrong = await deleteComment(sent.receiptNumber, 'x'.repeat(32))
    expect(wrong.statusCode).toBe(404)
    const unknown = await deleteComment('YJ-20260101-AAAA', sent.receiptToken)
    expect(unknown.statusCode).toBe(404)
    expect(unknown.json().detail).toBe(wrong.json().detail)
    expect(await commentRow(sent.id)).toEqual(before)
  })

  it('needs a JSON body and this site\'s Origin, like every state change', async () => {
    const id = await makeConsultation(app, 'open')
    const sent = await publishedComment(id, '建议延长公示期。')
    const foreign = await app.inject({ method: 'POST', url: `/api/receipts/${sent.receiptNumber}/delete`, headers: { 'content-type': 'application/json', 'origin': 'https://evil.example', 'x-receipt-token': sent.receiptToken }, payload: {} })
    expect(foreign.statusCode).toBeGreaterThanOrEqual(400)
    expect((await commentRow(sent.id)).status).toBe('published')
  })

  it('leaves a withdrawn comment out of the published report', async () => {
    const id = await makeConsultation(app, 'open')
    const kept = await publishedComment(id, '保留的意见。')
    const gone = await publishedComment(id, '撤回的意见。')
    await deleteComment(gone.receiptNumber, gone.receiptToken)
    await app.inject({ method: 'PATCH', url: `/api/admin/consultations/${id}/window`, headers: { ...jsonWrite, cookie: moderator }, payload: { closesAt: new Date(Date.now() - 1000).toISOString() } })
    const decided = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/decisions`, headers: { ...jsonWrite, cookie: moderator }, payload: { ids: [kept.id], decision: 'not-adopted', reason: '与上位法不一致。', finalArticleAnchor: null } })
    expect(decided.statusCode, decided.body).toBe(200)
    const published = await app.inject({ method: 'POST', url: `/api/admin/consultations/${id}/report`, headers: { ...jsonWrite, cookie: moderator }, payload: { mainChanges: '未作修改。' } })
    expect(published.statusCode, published.body).toBeLessThan(300)
    const report = (await app.inject(`/api/consultations/${id}/report`)).json()
    expect(report.totals).toMatchObject({ received: 1, published: 1 })
    expect(report.comments.map((c: { text: string }) => c.text)).toEqual(['保留的意见。'])
  })
})

describe('POST /api/registrations/:code/delete', () => {
  it('cancels, promotes the waitlist and erases name and phone at once; the token reads nothing after', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const a = (await signUp(app, id, { name: '王小明', partySize: 2 })).json()
    const w = (await signUp(app, id)).json()
    expect(w.status).toBe('waitlisted')

    const res = await deleteRegistration(a.code, a.manageToken)
    expect(res.statusCode).toBe(204)
    expect(res.headers['cache-control']).toBe('no-store')
    expect((await mine(app, w.code, w.manageToken)).json().status).toBe('confirmed')
    expect(await placesLeft(id)).toBe(1)

    const row = await registrationRow(a.code)
    expect(row).toMatchObject({ status: 'cancelled', name: '', phoneEncrypted: '', phoneMasked: '', phoneHash: `erased:${row.id}` })
    expect((await mine(app, a.code, a.manageToken)).statusCode).toBe(404)
    const cancelAfter = await app.inject({ method: 'POST', url: `/api/registrations/${a.code}/cancel`, headers: { ...jsonWrite, 'x-manage-token': a.manageToken }, payload: {} })
    expect(cancelAfter.statusCode).toBe(404)

    const twice = await deleteRegistration(a.code, a.manageToken)
    expect(twice.statusCode).toBe(204)
    expect(await placesLeft(id)).toBe(1)
  })

  it('after the event keeps the attendance but erases the person', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const a = (await signUp(app, id)).json()
    await setEvent(app, id, { startsAt: new Date(Date.now() - 3 * 3_600_000), endsAt: new Date(Date.now() - 3_600_000) })
    expect((await deleteRegistration(a.code, a.manageToken)).statusCode).toBe(204)
    expect(await registrationRow(a.code)).toMatchObject({ status: 'confirmed', name: '', phoneEncrypted: '', phoneMasked: '' })
  })

  it('answers 404 to a wrong token and changes nothing', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const a = (await signUp(app, id, { name: '赵六' })).json()
    const before = await registrationRow(a.code)
    const wrong = await deleteRegistration(a.code, 'y'.repeat(32))
    expect(wrong.statusCode).toBe(404)
    expect((await deleteRegistration('AAAAAAAAAA', a.manageToken)).statusCode).toBe(404)
    expect(await registrationRow(a.code)).toEqual(before)
    expect(await placesLeft(id)).toBe(1)
  })
})
