import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ChangedSchema } from '../../../../shared/schemas/consultation-admin'
import { CatalogueAddBodySchema, CatalogueChangeBodySchema } from '../../../../shared/schemas/consultation-decisions'
import { ConsultationParamsSchema } from '../../../../shared/schemas/consultations'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { audit } from '../../../repositories/consultations-admin'
import { addCatalogueEntry, changeCatalogueEntry } from '../../../repositories/consultations-decisions'
import { normaliseText } from '../../../services/text'

/** /api/admin/decisions: changes to the catalogue, each with its reason, audited. */
const adminDecisionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))
  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store')
  })

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Add a decision to a year\'s catalogue, with the reason', body: CatalogueAddBodySchema, response: { 201: ChangedSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    const body = { ...request.body, reason: normaliseText(request.body.reason) }
    const id = await app.db.transaction(async (tx) => {
      const added = await addCatalogueEntry(tx, body, request.staff!.id)
      if (added)
        await audit(tx, { staffId: request.staff!.id, action: 'decision.add', target: `decision:${added}`, detail: { reason: body.reason }, requestId: request.id })
      return added
    })
    if (!id)
      throw new HttpProblem('not-found', { detail: { zh: '该年度的目录尚未建立。', en: 'There is no catalogue for this year yet.' } })
    return reply.code(201).send({ changed: 1 })
  })

  app.patch('/:id', {
    schema: { tags: ['admin'], summary: 'Change a decision\'s stage, title or status, with the reason', params: ConsultationParamsSchema, body: CatalogueChangeBodySchema, response: { 200: ChangedSchema, 404: ProblemSchema } },
  }, async (request) => {
    const body = { ...request.body, reason: normaliseText(request.body.reason) }
    const ok = await app.db.transaction(async (tx) => {
      const changed = await changeCatalogueEntry(tx, request.params.id, body, request.staff!.id)
      if (changed)
        await audit(tx, { staffId: request.staff!.id, action: 'decision.change', target: `decision:${request.params.id}`, detail: body, requestId: request.id })
      return changed
    })
    if (!ok)
      throw new HttpProblem('not-found')
    return { changed: 1 }
  })
}
export default adminDecisionsRoutes
