import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { DocumentListQuerySchema, DocumentListSchema } from '../../../../shared/schemas/documents'
import { IdempotencyHeadersSchema } from '../../../../shared/schemas/idempotency'
import { AskQuestionBodySchema, DocumentPageSchema, QuestionReceiptSchema } from '../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { searchDocuments } from '../../../repositories/document-search'
import { getDocument } from '../../../repositories/documents'
import { documentIsPublished, getDocumentExtras, insertQuestion } from '../../../repositories/library'
import { once } from '../../../services/idempotency'
import { normaliseText } from '../../../services/text'
import { addWorkingDays } from '../../../services/working-days'

/** A question's idempotency scope: one key is one question on one document. */
const questionScope = (params: { id: number }) => `question:${params.id}`

const documentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['documents'], summary: 'The library: filters in any combination, counts per filter value, Chinese search', querystring: DocumentListQuerySchema, response: { 200: DocumentListSchema } },
    config: { readCache: 'documents' },
  }, async request => searchDocuments(app.db, request.query))

  app.get('/:id', {
    schema: { tags: ['documents'], summary: 'A document with its relations, interpretations, service links and answered questions', params: IdParamsSchema, response: { 200: DocumentPageSchema, 404: ProblemSchema } },
    config: { readCache: 'documents' },
  }, async (request) => {
    const doc = await getDocument(app.db, request.params.id)
    if (!doc)
      throw new HttpProblem('not-found')
    return { ...doc, ...await getDocumentExtras(app.db, doc.id) }
  })

  app.post('/:id/questions', {
    schema: { tags: ['questions'], summary: 'Ask a question on a policy; published only once answered (先审后发)', params: IdParamsSchema, headers: IdempotencyHeadersSchema, body: AskQuestionBodySchema, response: { 201: QuestionReceiptSchema, 404: ProblemSchema } },
    config: { publicWrite: { kind: 'question', scope: questionScope }, invalidates: [] }, // shown once answered; honeypot, fill time, limits: services/anti-automation.ts
  }, async (request, reply) => {
    const { id } = request.params
    const body = request.body
    if (body.contact && !body.consent)
      throw new HttpProblem('validation', { field: 'consent', detail: { zh: '留下联系方式需要先同意其用途。', en: 'Please agree to how your contact details are used, or leave them out.' } })
    const answer = await once(app.db, questionScope(request.params), request.headers['idempotency-key'], body, async (tx) => {
      if (!await documentIsPublished(tx, id))
        throw new HttpProblem('not-found')
      const now = app.now()
      const receipt = await insertQuestion(tx, {
        documentId: id,
        text: normaliseText(body.text),
        displayName: body.displayName ? normaliseText(body.displayName) : undefined,
        contact: body.contact?.trim(),
        dueOn: addWorkingDays(now, 5),
        now,
      })
      return { status: 201, body: receipt }
    })
    request.log.info({ event: 'question-asked', documentId: id, replayed: answer.replayed }, 'question received')
    return reply.code(201).send(answer.body)
  })
}
export default documentsRoutes
