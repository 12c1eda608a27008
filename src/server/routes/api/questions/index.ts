import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { EmptyBodySchema, IdParamsSchema } from '../../../../shared/schemas/common'
import { HelpfulBodySchema, HelpfulCountsSchema, OwnQuestionSchema, ReceiptHeadersSchema, ReceiptParamsSchema } from '../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getOwnQuestion, voteHelpful, withdrawQuestion } from '../../../repositories/library'

const questionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // The receipt token travels in a header, never in the URL, so it stays out of logs and history.
  app.get('/receipts/:receiptNumber', {
    schema: { tags: ['questions'], summary: 'One\'s own question and its state, read with the receipt token', params: ReceiptParamsSchema, headers: ReceiptHeadersSchema, response: { 200: OwnQuestionSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    const own = await getOwnQuestion(app.db, request.params.receiptNumber, request.headers['x-receipt-token'])
    if (!own)
      throw new HttpProblem('not-found')
    return reply.header('cache-control', 'no-store').send(own)
  })

  app.post('/receipts/:receiptNumber/delete', {
    schema: { tags: ['questions'], summary: 'The asker deletes their question: text, name, contact and answer erased, no longer public (PIPL)', params: ReceiptParamsSchema, headers: ReceiptHeadersSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
    config: { publicWrite: 'receipt', invalidates: ['documents'] }, // an answered question leaves its document's page
  }, async (request, reply) => {
    const done = await withdrawQuestion(app.db, request.params.receiptNumber, request.headers['x-receipt-token'])
    if (!done)
      throw new HttpProblem('not-found')
    if (!done.already)
      request.log.info({ event: 'question-withdrawn', documentId: done.documentId }, 'question deleted by its asker')
    return reply.code(204).send(null)
  })

  app.post('/:id/helpful', {
    schema: { tags: ['questions'], summary: '有用 / 没用 on an answer, once per device', params: IdParamsSchema, body: HelpfulBodySchema, response: { 200: HelpfulCountsSchema, 404: ProblemSchema } },
    config: { publicWrite: 'helpful', invalidates: ['documents'] }, // a document's answer counts its answered questions' votes
  }, async (request) => {
    const counts = await voteHelpful(app.db, { kind: 'question', id: request.params.id }, request.body.deviceId, request.body.helpful)
    if (!counts)
      throw new HttpProblem('not-found')
    return counts
  })
}
export default questionRoutes
