import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { publishDocument, withdrawDocument } from '../../../../repositories/documents'
import { audit } from '../../../../services/audit'

const Params = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) })
const PublishBody = Type.Object({
  /** why this 规范性文件 needs no interpretation (三同步), when it has none */
  interpretationWaiver: Type.Optional(Type.String({ minLength: 4, maxLength: 300 })),
}, { additionalProperties: false })

/** Publishing and withdrawing documents; the 三同步 rule is enforced here. */
const adminDocumentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))

  app.post('/:id/publish', {
    schema: { tags: ['admin'], params: Params, body: PublishBody, response: { 204: Type.Null(), 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const result = await publishDocument(app.db, request.params.id, request.body.interpretationWaiver, app.now())
    if (result === 'not-found')
      throw new HttpProblem('not-found')
    if (result !== 'published')
      throw new HttpProblem('conflict', { detail: result, field: 'interpretationWaiver' })
    await audit(app.db, request, 'document.publish', `document:${request.params.id}`, { waiver: Boolean(request.body.interpretationWaiver) })
    return reply.code(204).send(null)
  })

  app.post('/:id/withdraw', {
    schema: { tags: ['admin'], params: Params, body: Type.Object({}, { additionalProperties: false }), response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    if (!await withdrawDocument(app.db, request.params.id, app.now()))
      throw new HttpProblem('not-found')
    await audit(app.db, request, 'document.withdraw', `document:${request.params.id}`)
    return reply.code(204).send(null)
  })
}
export default adminDocumentRoutes
