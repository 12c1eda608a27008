import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { DocumentDetailSchema, DocumentListQuerySchema, DocumentListSchema, DocumentParamsSchema } from '../../../../shared/schemas/documents'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getDocument, listDocuments } from '../../../repositories/documents'

const documentsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['documents'], summary: 'Published documents, newest first', querystring: DocumentListQuerySchema, response: { 200: DocumentListSchema } },
  }, async request => listDocuments(app.db, request.query))

  app.get('/:id', {
    schema: { tags: ['documents'], params: DocumentParamsSchema, response: { 200: DocumentDetailSchema, 404: ProblemSchema } },
  }, async (request) => {
    const doc = await getDocument(app.db, request.params.id)
    if (!doc)
      throw new HttpProblem('not-found')
    return doc
  })
}
export default documentsRoutes
