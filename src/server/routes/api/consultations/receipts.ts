import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { EmptyBodySchema } from '../../../../shared/schemas/common'
import { ReceiptHeadersSchema, ReceiptParamsSchema, ReceiptSchema } from '../../../../shared/schemas/consultations'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getReceipt, withdrawComment } from '../../../repositories/consultations'

const NOT_FOUND = { zh: '没有找到这张回执，请检查回执编号。', en: 'We could not find this receipt. Please check its number.' }

/** GET /api/receipts/:receiptNumber, read with the token the commenter's device kept (X-Receipt-Token); POST …/delete erases the comment. */
const receiptsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/:receiptNumber', {
    schema: { tags: ['consultations'], summary: 'A commenter\'s own receipt (回执)', params: ReceiptParamsSchema, headers: ReceiptHeadersSchema, response: { 200: ReceiptSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const receipt = await getReceipt(app.db, request.params.receiptNumber, request.headers['x-receipt-token'])
    if (!receipt)
      throw new HttpProblem('not-found', { detail: NOT_FOUND })
    return receipt
  })

  app.post('/:receiptNumber/delete', {
    schema: { tags: ['consultations'], summary: 'The commenter deletes their comment: text, name and contact erased, no longer public (PIPL)', params: ReceiptParamsSchema, headers: ReceiptHeadersSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
    config: { publicWrite: 'receipt', invalidates: [] },
  }, async (request, reply) => {
    const done = await withdrawComment(app.db, request.params.receiptNumber, request.headers['x-receipt-token'])
    if (!done)
      throw new HttpProblem('not-found', { detail: NOT_FOUND })
    if (!done.already)
      request.log.info({ event: 'comment-withdrawn', consultationId: done.consultationId }, 'comment deleted by its author')
    return reply.code(204).send(null)
  })
}
export default receiptsRoutes
