import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { HelpfulBodySchema, HelpfulCountsSchema, InterpretationSchema, InterpretationSummarySchema } from '../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getInterpretation, recentInterpretations, voteHelpful } from '../../../repositories/library'

const interpretationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['interpretations'], summary: 'Recently published interpretations', querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) }, { additionalProperties: false }), response: { 200: Type.Array(InterpretationSummarySchema) } },
  }, async request => recentInterpretations(app.db, request.query.limit))

  app.get('/:id', {
    schema: { tags: ['interpretations'], params: IdParamsSchema, response: { 200: InterpretationSchema, 404: ProblemSchema } },
  }, async (request) => {
    const found = await getInterpretation(app.db, request.params.id)
    if (!found)
      throw new HttpProblem('not-found')
    return found
  })

  app.post('/:id/helpful', {
    schema: { tags: ['interpretations'], summary: '有用 / 没用, once per device', params: IdParamsSchema, body: HelpfulBodySchema, response: { 200: HelpfulCountsSchema, 404: ProblemSchema } },
    config: { publicWrite: 'helpful', invalidates: [] }, // a document's answer lists its interpretations without their votes; an interpretation is not cached
  }, async (request) => {
    const counts = await voteHelpful(app.db, { kind: 'interpretation', id: request.params.id }, request.body.deviceId, request.body.helpful)
    if (!counts)
      throw new HttpProblem('not-found')
    return counts
  })
}
export default interpretationRoutes
