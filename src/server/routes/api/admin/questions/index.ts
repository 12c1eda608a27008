import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ContactRevealSchema, IdParamsSchema, RevealBodySchema } from '../../../../../shared/schemas/common'
import { AnswerBodySchema, FaqBodySchema, QueueQuerySchema, QueueQuestionSchema, RejectBodySchema, SimpleBodySchema } from '../../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { answerQuestion, questionContact, questionQueue, rejectQuestion, setFaq, setSimple } from '../../../../repositories/library'
import { audited, auditedReveal } from '../../../../services/audit'
import { normaliseText } from '../../../../services/text'
import { addWorkingDays, shanghaiDate } from '../../../../services/working-days'

/** The message board's staff side: the queue by deadline, answers (which publish), rejections, FAQ marks. */
const adminQuestionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('moderator', 'editor'))

  app.get('/', {
    schema: { tags: ['admin'], querystring: QueueQuerySchema, response: { 200: Type.Array(QueueQuestionSchema) } },
  }, async (request) => {
    const today = shanghaiDate(app.now())
    const rows = await questionQueue(app.db, { status: request.query.status, limit: 200 })
    return rows.map(q => ({ ...q, createdAt: q.createdAt.toISOString(), overdue: q.status === 'pending' && q.dueOn < today }))
  })

  app.post('/:id/contact', {
    schema: { tags: ['admin'], summary: 'The asker\'s contact in full, for a stated reason; written to the audit log', params: IdParamsSchema, body: RevealBodySchema, response: { 200: ContactRevealSchema, 404: ProblemSchema } },
    config: { invalidates: [] },
  }, async (request) => {
    const { id } = request.params
    return { contact: await auditedReveal(app.db, request, { action: 'question.reveal-contact', target: `question:${id}` }, tx => questionContact(tx, id)) }
  })

  app.post('/:id/answer', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: AnswerBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'question.answer', target: `question:${request.params.id}`, detail: { isFaq: request.body.isFaq } }, async (tx) => {
      if (!await answerQuestion(tx, request.params.id, { answer: normaliseText(request.body.answer), answeredBy: request.body.answeredBy.trim(), isFaq: request.body.isFaq, now: app.now() }))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })

  app.post('/:id/reject', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: RejectBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'question.reject', target: `question:${request.params.id}` }, async (tx) => {
      if (!await rejectQuestion(tx, request.params.id, normaliseText(request.body.reason)))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })

  app.post('/:id/simple', {
    schema: { tags: ['admin'], summary: 'Triage: simple questions are due in 1 working day', params: IdParamsSchema, body: SimpleBodySchema, response: { 200: Type.Object({ dueOn: Type.String({ format: 'date' }) }), 404: ProblemSchema } },
  }, async (request) => {
    const dueOn = await audited(app.db, request, { action: 'question.triage', target: `question:${request.params.id}`, detail: { simple: request.body.simple } }, async (tx) => {
      const due = await setSimple(tx, request.params.id, request.body.simple, addWorkingDays)
      if (!due)
        throw new HttpProblem('not-found')
      return due
    })
    return { dueOn }
  })

  app.post('/:id/faq', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: FaqBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: request.body.isFaq ? 'question.faq' : 'question.unfaq', target: `question:${request.params.id}` }, async (tx) => {
      if (!await setFaq(tx, request.params.id, request.body.isFaq))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })
}
export default adminQuestionRoutes
