import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { TopicBundleSchema, TopicBundleSummarySchema } from '../../../../shared/schemas/library'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getBundle, listBundles } from '../../../repositories/library'

const bundleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', { schema: { tags: ['bundles'], summary: 'Topic bundles (一件事 / 专题)', response: { 200: Type.Array(TopicBundleSummarySchema) } } }, async () => listBundles(app.db))

  app.get('/:slug', {
    schema: { tags: ['bundles'], params: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,80}$' }) }), response: { 200: TopicBundleSchema, 404: ProblemSchema } },
  }, async (request) => {
    const bundle = await getBundle(app.db, request.params.slug)
    if (!bundle)
      throw new HttpProblem('not-found')
    return bundle
  })
}
export default bundleRoutes
