import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DecisionCatalogueQuerySchema, DecisionCatalogueSchema } from '../../../../shared/schemas/consultation-decisions'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getCatalogue } from '../../../repositories/consultations-decisions'

/** GET /api/decisions: 重大行政决策事项目录, a year at a time, each entry with its stage and its changes. */
const decisionsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['consultations'], summary: 'The annual catalogue of major administrative decisions', querystring: DecisionCatalogueQuerySchema, response: { 200: DecisionCatalogueSchema, 404: ProblemSchema } },
  }, async (request) => {
    const catalogue = await getCatalogue(app.db, request.query.year)
    if (!catalogue)
      throw new HttpProblem('not-found', { detail: { zh: '该年度的重大行政决策事项目录尚未公布。', en: 'The catalogue of major decisions for this year has not been published.' } })
    return catalogue
  })
}
export default decisionsRoutes
