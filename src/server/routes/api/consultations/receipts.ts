import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ReceiptHeadersSchema, ReceiptParamsSchema, ReceiptSchema } from '../../../../shared/schemas/consultations'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getReceipt } from '../../../repositories/consultations'

/** GET /api/receipts/:receiptNumber, read with the token the commenter's device kept (X-Receipt-Token). */
const receiptsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/:receiptNumber', {
    schema: { tags: ['consultations'], summary: 'A commenter\'s own receipt (回执)', params: ReceiptParamsSchema, headers: ReceiptHeadersSchema, response: { 200: ReceiptSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const receipt = await getReceipt(app.db, request.params.receiptNumber, request.headers['x-receipt-token'])
    if (!receipt)
      throw new HttpProblem('not-found', { detail: { zh: '没有找到这张回执，请检查回执编号。', en: 'We could not find this receipt. Please check its number.' } })
    return receipt
  })
}
export default receiptsRoutes
