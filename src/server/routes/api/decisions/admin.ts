import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { ChangedSchema } from '../../../../shared/schemas/consultation-admin'
import { CatalogueAddBodySchema, CatalogueChangeBodySchema, CatalogueCreateBodySchema } from '../../../../shared/schemas/consultation-decisions'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { findConsultation } from '../../../repositories/consultations'
import { addCatalogueEntry, changeCatalogueEntry, ensureCatalogue, getCatalogue } from '../../../repositories/consultations-decisions'
import { audit } from '../../../services/audit'
import { normaliseLine, normaliseText } from '../../../services/text'

/** /api/admin/decisions: changes to the catalogue, each with its reason, audited. */
const adminDecisionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))

  app.post('/catalogues', {
    schema: { tags: ['admin'], summary: 'Create a year\'s catalogue of major decisions (empty; entries follow)', body: CatalogueCreateBodySchema, response: { 201: ChangedSchema, 400: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const issuer = normaliseLine(request.body.issuer)
    if (!issuer)
      throw new HttpProblem('validation', { field: 'issuer', detail: { zh: '请填写此项。', en: 'Please fill this in.' } })
    const { year, publishedOn } = request.body
    if (await getCatalogue(app.db, year))
      throw new HttpProblem('conflict', { field: 'year', detail: { zh: `${year} 年度的目录已经建立。`, en: `The ${year} catalogue already exists.` } })
    await app.db.transaction(async (tx) => {
      await ensureCatalogue(tx, year, publishedOn, issuer)
      await audit(tx, request, 'decision.catalogue.create', `catalogue:${year}`, { publishedOn, issuer })
    })
    return reply.code(201).send({ changed: 1 })
  })

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Add a decision to a year\'s catalogue, with the reason', body: CatalogueAddBodySchema, response: { 201: ChangedSchema, 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    const body = { ...request.body, reason: normaliseText(request.body.reason) }
    if (body.consultationId && !await findConsultation(app.db, body.consultationId))
      throw new HttpProblem('validation', { field: 'consultationId', detail: { zh: '没有这个编号的征求意见。', en: 'There is no consultation with this number.' } })
    const id = await app.db.transaction(async (tx) => {
      const added = await addCatalogueEntry(tx, body, request.staff!.id)
      if (added)
        await audit(tx, request, 'decision.add', `decision:${added}`, { reason: body.reason })
      return added
    })
    if (!id)
      throw new HttpProblem('not-found', { detail: { zh: '该年度的目录尚未建立。', en: 'There is no catalogue for this year yet.' } })
    return reply.code(201).send({ changed: 1 })
  })

  app.patch('/:id', {
    schema: { tags: ['admin'], summary: 'Change a decision\'s stage, title or status, with the reason', params: IdParamsSchema, body: CatalogueChangeBodySchema, response: { 200: ChangedSchema, 404: ProblemSchema } },
  }, async (request) => {
    const body = { ...request.body, reason: normaliseText(request.body.reason) }
    const ok = await app.db.transaction(async (tx) => {
      const changed = await changeCatalogueEntry(tx, request.params.id, body, request.staff!.id)
      if (changed)
        await audit(tx, request, 'decision.change', `decision:${request.params.id}`)
      return changed
    })
    if (!ok)
      throw new HttpProblem('not-found')
    return { changed: 1 }
  })
}
export default adminDecisionsRoutes
