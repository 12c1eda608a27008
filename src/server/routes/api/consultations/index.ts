import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { CommentCreated } from '../../../../shared/schemas/consultations'
import type { Db } from '../../../db/client'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { CommentBodySchema, CommentCreatedSchema, CommentHeadersSchema, CommentParamsSchema, ConsultationDetailSchema, ConsultationListSchema, ConsultationReportSchema, PublicCommentListSchema } from '../../../../shared/schemas/consultations'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { CommentReportBodySchema, ReportResultSchema } from '../../../../shared/schemas/public-write'
import { HttpProblem } from '../../../problems'
import { consultationStatus, findConsultation, getConsultationDetail, getReport, insertComment, listConsultations, listPublicComments, loadVersions } from '../../../repositories/consultations'
import { reportComment } from '../../../repositories/reports'
import { eventSecrets, keyedHash } from '../../../services/event-secrets'
import { once } from '../../../services/idempotency'
import { normaliseLine, normaliseText } from '../../../services/text'

const NOT_OPEN_YET = { zh: '该草案尚未开始征求意见，请在开始后再提交。您填写的内容已保留。', en: 'This draft is not open for comment yet. Please submit once it opens; what you wrote has been kept.' }
const CLOSED = { zh: '该草案的征求意见已截止，不再接收新的意见。您填写的内容已保留在本机。', en: 'Comments on this draft have closed, so no new comments can be taken. What you wrote is kept on this device.' }

/** A comment's idempotency scope: one key is one comment on one consultation. */
const commentScope = (params: { id: number }) => `consultation-comment:${params.id}`

const consultationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['consultations'], summary: 'Open consultations with time left, upcoming ones, and closed ones with their outcome', response: { 200: ConsultationListSchema } },
  }, async () => listConsultations(app.db))

  app.get('/:id', {
    schema: { tags: ['consultations'], params: IdParamsSchema, response: { 200: ConsultationDetailSchema, 404: ProblemSchema } },
  }, async (request) => {
    const detail = await getConsultationDetail(app.db, request.params.id)
    if (!detail)
      throw new HttpProblem('not-found')
    return detail
  })

  app.get('/:id/comments', {
    schema: { tags: ['consultations'], summary: 'Published comments only, with official replies and decisions', params: IdParamsSchema, response: { 200: PublicCommentListSchema, 404: ProblemSchema } },
  }, async (request) => {
    const row = await findConsultation(app.db, request.params.id)
    if (!row)
      throw new HttpProblem('not-found')
    return { items: await listPublicComments(app.db, row.id, row.reportPublishedAt !== null) }
  })

  app.get('/:id/report', {
    schema: { tags: ['consultations'], summary: '意见采纳情况: counts by commenter type, decisions per comment, main changes', params: IdParamsSchema, response: { 200: ConsultationReportSchema, 404: ProblemSchema } },
  }, async (request) => {
    const report = await getReport(app.db, request.params.id)
    if (!report)
      throw new HttpProblem('not-found', { detail: { zh: '意见采纳情况尚未公布。', en: 'The report on comments has not been published yet.' } })
    return report
  })

  app.post('/:id/comments', {
    schema: {
      tags: ['consultations'],
      summary: 'Comment on the whole draft or one article; answers with a receipt',
      params: IdParamsSchema,
      headers: CommentHeadersSchema,
      body: CommentBodySchema,
      response: { 201: CommentCreatedSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema },
    },
    // honeypot, fill time and limits per IP and device: services/anti-automation.ts
    config: { publicWrite: { kind: 'comment', scope: commentScope }, invalidates: [] }, // shown once moderated; drafts are not cached
  }, async (request, reply) => {
    const { id } = request.params
    const body = request.body
    const text = normaliseText(body.text)
    if (!text)
      throw new HttpProblem('validation', { field: 'text', detail: { zh: '请填写意见内容。', en: 'Please write your comment.' } })
    const contact = normaliseLine(body.contact)
    if (contact && body.consent !== true)
      throw new HttpProblem('validation', { field: 'consent', detail: { zh: '留下联系方式时，请勾选同意工作人员使用它与您联系。', en: 'When you leave contact details, please tick the box to agree that staff may use them to contact you.' } })

    const answer = await once(app.db, commentScope(request.params), request.headers['idempotency-key'], body, async (tx: Db) => {
      const row = await findConsultation(tx, id)
      if (!row)
        throw new HttpProblem('not-found')
      const status = consultationStatus(row, new Date())
      if (status === 'upcoming')
        throw new HttpProblem('conflict', { detail: NOT_OPEN_YET })
      if (status !== 'open')
        throw new HttpProblem('conflict', { detail: CLOSED })
      const { draft } = await loadVersions(tx, id)
      const anchor = body.articleAnchor ?? null
      if (!draft || (anchor && !draft.articles.some(a => a.anchor === anchor)))
        throw new HttpProblem('validation', { field: 'articleAnchor', detail: { zh: '草案中没有这一条，请刷新页面后再试。', en: 'The draft has no such article. Please reload the page and try again.' } })
      const created = await insertComment(tx, {
        consultationId: id,
        versionId: draft.id,
        articleAnchor: anchor,
        body: text,
        commenterType: body.commenterType,
        displayName: normaliseLine(body.displayName),
        contact,
        consent: contact ? true : body.consent,
      })
      return { status: 201, body: { ...created, status: 'pending' } satisfies CommentCreated }
    })
    request.log.info({ event: 'consultation-comment', consultationId: id, replayed: answer.replayed }, 'comment received')
    return reply.code(answer.status as 201).send(answer.body)
  })

  app.post('/:id/comments/:commentId/reports', {
    schema: {
      tags: ['consultations'],
      summary: 'Report a published comment, once per device; reports from three devices hide it until a moderator looks',
      params: CommentParamsSchema,
      body: CommentReportBodySchema,
      response: { 200: ReportResultSchema, 400: ProblemSchema, 404: ProblemSchema, 429: ProblemSchema },
    },
    config: { publicWrite: 'report', invalidates: [] },
  }, async (request) => {
    const deviceHash = keyedHash(await eventSecrets(app.db), 'report', request.body.deviceId)
    const result = await reportComment(app.db, request.params.id, request.params.commentId, deviceHash, app.now())
    if (!result)
      throw new HttpProblem('not-found')
    request.log.info({ event: 'comment-reported', commentId: request.params.commentId, reason: request.body.reason, hidden: result.hidden }, 'comment reported')
    return { reported: true as const, hidden: result.hidden }
  })
}
export default consultationsRoutes
