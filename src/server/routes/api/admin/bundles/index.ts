import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { BundleInputSchema } from '../../../../../shared/schemas/library-admin'
import { listAllBundles, saveBundle } from '../../../../repositories/library-admin'
import { audited } from '../../../../services/audit'

/** Topic bundles (一件事): staff gather documents, interpretations, FAQs and service links on one theme. */
const adminBundleRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))

  app.get('/', { schema: { tags: ['admin'], response: { 200: Type.Array(BundleInputSchema) } } }, async () => listAllBundles(app.db))

  app.put('/:slug', {
    schema: { tags: ['admin'], params: Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }) }), body: BundleInputSchema, response: { 204: Type.Null() } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'bundle.save', target: `bundle:${request.params.slug}`, detail: { published: request.body.published } }, tx => saveBundle(tx, { ...request.body, slug: request.params.slug }, app.now()))
    return reply.code(204).send(null)
  })
}
export default adminBundleRoutes
