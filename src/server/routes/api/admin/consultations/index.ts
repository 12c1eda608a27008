import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { RejectReason } from '../../../../../shared/constants'
import { Type } from 'typebox'
import { ContactRevealSchema, IdParamsSchema, RevealBodySchema } from '../../../../../shared/schemas/common'
import { AdminCommentListSchema, AdminCommentQuerySchema, AdminConsultationListSchema, AdminConsultationSchema, ChangedSchema, DecideBodySchema, FinalVersionBodySchema, ModerateBodySchema, ReplyBodySchema, ReportBodySchema, WindowBodySchema } from '../../../../../shared/schemas/consultation-admin'
import { CommentParamsSchema, ConsultationDetailSchema } from '../../../../../shared/schemas/consultations'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { addVersion, consultationStatus, findConsultation, getConsultationDetail, loadVersions } from '../../../../repositories/consultations'
import { commentContact, decideComments, listAdminComments, listAdminConsultations, moderateComments, publishReport, replyToComment, reportBlockers, setWindow } from '../../../../repositories/consultations-admin'
import { audit, auditedReveal } from '../../../../services/audit'
import { normaliseText } from '../../../../services/text'
import adminConsultationDraftRoutes from './drafts'

/** The default text of each rejection reason; staff may edit it before sending. */
const REJECT_TEXT: Record<RejectReason, string> = {
  'off-topic': '与本次征求意见的草案无关。',
  'abusive': '含有辱骂、攻击或不文明的内容。',
  'personal-data': '含有他人或本人的个人信息。',
  'advertising': '含有广告或推销内容。',
  'duplicate': '与同一人已提交的意见重复。',
  'other': '不符合留言规则。',
}

const NOT_CLOSED = { zh: '征求意见尚未截止，截止后才能作出采纳决定、发布定稿和采纳情况。', en: 'The consultation has not closed yet: decisions, the final text and the report come after closing.' }

const AdminDetailSchema = Type.Object({ consultation: AdminConsultationSchema, detail: ConsultationDetailSchema })

/** Staff console for consultations: moderation, replies, decisions, the final text and the report. Every change is audited. */
const adminConsultationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('moderator', 'editor'))
  await app.register(adminConsultationDraftRoutes)

  async function closedConsultation(id: number) {
    const row = await findConsultation(app.db, id)
    if (!row)
      throw new HttpProblem('not-found')
    const status = consultationStatus(row, new Date())
    if (status === 'open' || status === 'upcoming')
      throw new HttpProblem('conflict', { detail: NOT_CLOSED })
    return row
  }

  app.get('/', {
    schema: { tags: ['admin'], response: { 200: AdminConsultationListSchema } },
  }, async () => {
    // contact details past their time are removed by the hourly maintenance (plugins/maintenance.ts), not here: nothing changes on GET
    return { items: await listAdminConsultations(app.db) }
  })

  app.get('/:id', {
    schema: { tags: ['admin'], params: IdParamsSchema, response: { 200: AdminDetailSchema, 404: ProblemSchema } },
  }, async (request) => {
    const detail = await getConsultationDetail(app.db, request.params.id)
    const consultation = (await listAdminConsultations(app.db)).find(c => c.id === request.params.id)
    if (!detail || !consultation)
      throw new HttpProblem('not-found')
    const row = await findConsultation(app.db, request.params.id)
    return { consultation, detail: { ...detail, mainChanges: row?.mainChanges ?? '' } }
  })

  app.patch('/:id/window', {
    schema: { tags: ['admin'], summary: 'Correct the window: end early or extend', params: IdParamsSchema, body: WindowBodySchema, response: { 200: ChangedSchema, 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request) => {
    const row = await findConsultation(app.db, request.params.id)
    if (!row)
      throw new HttpProblem('not-found')
    const opensAt = request.body.opensAt ? new Date(request.body.opensAt) : row.opensAt
    const closesAt = request.body.closesAt ? new Date(request.body.closesAt) : row.closesAt
    if (closesAt <= opensAt)
      throw new HttpProblem('validation', { field: 'closesAt', detail: { zh: '截止时间须晚于开始时间。', en: 'The closing time must be after the opening time.' } })
    await app.db.transaction(async (tx) => {
      await setWindow(tx, row.id, { opensAt, closesAt })
      await audit(tx, request, 'consultation.window', `consultation:${row.id}`, { from: { opensAt: row.opensAt, closesAt: row.closesAt }, to: { opensAt, closesAt } })
    })
    return { changed: 1 }
  })

  app.get('/:id/comments', {
    schema: { tags: ['admin'], params: IdParamsSchema, querystring: AdminCommentQuerySchema, response: { 200: AdminCommentListSchema } },
  }, async request => ({ items: await listAdminComments(app.db, request.params.id, request.query.status) }))

  app.post('/:id/comments/moderate', {
    schema: { tags: ['admin'], summary: 'Approve or reject comments, one or many', params: IdParamsSchema, body: ModerateBodySchema, response: { 200: ChangedSchema, 400: ProblemSchema } },
  }, async (request) => {
    const { ids, action, reasonCode, reason } = request.body
    const text = action === 'reject' ? normaliseText(reason ?? '') || REJECT_TEXT[reasonCode ?? 'other'] : null
    const changed = await app.db.transaction(async (tx) => {
      const done = await moderateComments(tx, request.params.id, ids, action, text, request.staff!.id)
      await audit(tx, request, `consultation.comment.${action}`, `consultation:${request.params.id}`, { ids: done, reasonCode: reasonCode ?? null, reason: text })
      return done
    })
    return { changed: changed.length }
  })

  app.post('/:id/comments/:commentId/contact', {
    schema: { tags: ['admin'], summary: 'The commenter\'s contact in full, for a stated reason; written to the audit log', params: CommentParamsSchema, body: RevealBodySchema, response: { 200: ContactRevealSchema, 404: ProblemSchema } },
    config: { invalidates: [] },
  }, async (request) => {
    const { id, commentId } = request.params
    return { contact: await auditedReveal(app.db, request, { action: 'consultation.comment.reveal-contact', target: `comment:${commentId}`, detail: { consultationId: id } }, tx => commentContact(tx, id, commentId)) }
  })

  app.post('/:id/comments/:commentId/reply', {
    schema: { tags: ['admin'], summary: 'The official reply to a published comment', params: CommentParamsSchema, body: ReplyBodySchema, response: { 200: ChangedSchema, 404: ProblemSchema } },
  }, async (request) => {
    const text = normaliseText(request.body.text)
    const ok = await app.db.transaction(async (tx) => {
      const replied = await replyToComment(tx, request.params.id, request.params.commentId, text)
      if (replied)
        await audit(tx, request, 'consultation.comment.reply', `comment:${request.params.commentId}`)
      return replied
    })
    if (!ok)
      throw new HttpProblem('not-found', { detail: { zh: '只能答复已发布的意见。', en: 'Only published comments can be answered.' } })
    return { changed: 1 }
  })

  app.post('/:id/decisions', {
    schema: { tags: ['admin'], summary: 'Decide on one published comment or a group of similar ones', params: IdParamsSchema, body: DecideBodySchema, response: { 200: ChangedSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request) => {
    const row = await closedConsultation(request.params.id)
    const anchor = request.body.finalArticleAnchor ?? null
    if (anchor) {
      const { final, draft } = await loadVersions(app.db, row.id)
      if (!(final ?? draft)?.articles.some(a => a.anchor === anchor))
        throw new HttpProblem('validation', { field: 'finalArticleAnchor', detail: { zh: '定稿中没有这一条。', en: 'The final text has no such article.' } })
    }
    const changed = await app.db.transaction(async (tx) => {
      const done = await decideComments(tx, row.id, request.body.ids, { decision: request.body.decision, reason: normaliseText(request.body.reason), finalArticleAnchor: anchor })
      await audit(tx, request, 'consultation.comment.decide', `consultation:${row.id}`, { ids: done, decision: request.body.decision, finalArticleAnchor: anchor })
      return done
    })
    return { changed: changed.length }
  })

  app.post('/:id/final', {
    schema: { tags: ['admin'], summary: 'Publish the adopted (final) text; articles keep their anchors', params: IdParamsSchema, body: FinalVersionBodySchema, response: { 200: ChangedSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request) => {
    const row = await closedConsultation(request.params.id)
    await app.db.transaction(async (tx) => {
      const versionId = await addVersion(tx, row.id, 'final', request.body.label ?? '定稿', request.body.articles)
      await audit(tx, request, 'consultation.final', `consultation:${row.id}`, { versionId, articles: request.body.articles.length })
    })
    return { changed: 1 }
  })

  app.post('/:id/report', {
    schema: { tags: ['admin'], summary: 'Publish the adoption of comments (意见采纳情况)', params: IdParamsSchema, body: ReportBodySchema, response: { 200: ChangedSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request) => {
    const row = await closedConsultation(request.params.id)
    if (row.reportPublishedAt)
      throw new HttpProblem('conflict', { detail: { zh: '采纳情况已经发布。', en: 'The report has already been published.' } })
    const blockers = await reportBlockers(app.db, row.id)
    if (blockers.pending || blockers.undecided) {
      throw new HttpProblem('conflict', { detail: {
        zh: `还有 ${blockers.pending} 条意见待审核、${blockers.undecided} 条已发布意见未作采纳决定，请处理后再发布。`,
        en: `${blockers.pending} comments still await moderation and ${blockers.undecided} published comments have no decision yet. Please finish them first.`,
      } })
    }
    await app.db.transaction(async (tx) => {
      await publishReport(tx, row.id, normaliseText(request.body.mainChanges))
      await audit(tx, request, 'consultation.report', `consultation:${row.id}`)
    })
    return { changed: 1 }
  })
}
export default adminConsultationsRoutes
