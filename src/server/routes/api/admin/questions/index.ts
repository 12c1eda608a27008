import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ContactRevealSchema, IdParamsSchema, RevealBodySchema } from '../../../../../shared/schemas/common'
import { AnswerBodySchema, FaqBodySchema, QueueQuerySchema, QueueQuestionSchema, RejectBodySchema, SimpleBodySchema } from '../../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { answerQuestion, questionContact, questionQueue, rejectQuestion, setFaq, setSimple } from '../../../../repositories/library'
import { audit, auditedReveal } from '../../../../services/audit'
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
    const ok = await answerQuestion(app.db, request.params.id, { answer: normaliseText(request.body.answer), answeredBy: request.body.answeredBy.trim(), isFaq: request.body.isFaq, now: app.now() })
    if (!ok)
      throw new HttpProblem('not-found')
    await audit(app.db, request, 'question.answer', `question:${request.params.id}`, { isFaq: request.body.isFaq })
    return reply.code(204).send(null)
  })

  app.post('/:id/reject', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: RejectBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    if (!await rejectQuestion(app.db, request.params.id, normaliseText(request.body.reason)))
      throw new HttpProblem('not-found')
    await audit(app.db, request, 'question.reject', `question:${request.params.id}`)
    return reply.code(204).send(null)
  })

  app.post('/:id/simple', {
    schema: { tags: ['admin'], summary: 'Triage: simple questions are due in 1 working day', params: IdParamsSchema, body: SimpleBodySchema, response: { 200: Type.Object({ dueOn: Type.String({ format: 'date' }) }), 404: ProblemSchema } },
  }, async (request) => {
    const dueOn = await setSimple(app.db, request.params.id, request.body.simple, addWorkingDays)
    if (!dueOn)
      throw new HttpProblem('not-found')
    await audit(app.db, request, 'question.triage', `question:${request.params.id}`, { simple: request.body.simple })
    return { dueOn }
  })

  app.post('/:id/faq', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: FaqBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    if (!await setFaq(app.db, request.params.id, request.body.isFaq))
      throw new HttpProblem('not-found')
    await audit(app.db, request, request.body.isFaq ? 'question.faq' : 'question.unfaq', `question:${request.params.id}`)
    return reply.code(204).send(null)
  })
}
export default adminQuestionRoutes
