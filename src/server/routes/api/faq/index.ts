import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { AnsweredQuestion } from '../../../../shared/schemas/library'
import { Type } from 'typebox'
import { AnsweredQuestionSchema, FaqQuerySchema } from '../../../../shared/schemas/library'
import { tokenizeQuery, toTsQuery } from '../../../../shared/tokenizer'
import { listFaq } from '../../../repositories/library'
import { toCsv } from '../../../services/csv'

const faqRoutes: FastifyPluginAsyncTypebox = async (app) => {
  // Every word first; when that finds nothing, any word, best first (as the document search does).
  const search = async (q: string | undefined, limit: number) => {
    const tokens = q?.trim() ? tokenizeQuery(q) : []
    if (q?.trim() && tokens.length === 0)
      return []
    const all = await listFaq(app.db, { tsquery: tokens.length ? toTsQuery(tokens, 'and') : undefined, limit })
    return all.length || tokens.length < 2 ? all : listFaq(app.db, { tsquery: toTsQuery(tokens, 'or'), limit })
  }

  app.get('/', {
    schema: { tags: ['questions'], summary: 'The FAQ library across all policies, searchable', querystring: FaqQuerySchema, response: { 200: Type.Array(AnsweredQuestionSchema) } },
  }, async request => search(request.query.q, request.query.limit))

  // For the 12345 hotline's knowledge base: every FAQ, as JSON or as a CSV that Excel opens.
  app.get('/export.json', { schema: { tags: ['questions'], summary: 'Every FAQ as JSON', response: { 200: Type.Array(AnsweredQuestionSchema) } } }, async (_request, reply) => {
    const all = await listFaq(app.db, { limit: 10_000 })
    return reply.header('content-disposition', 'attachment; filename="faq.json"').send(all)
  })

  app.get('/export.csv', { schema: { tags: ['questions'], summary: 'Every FAQ as CSV (UTF-8 with BOM)' } }, async (_request, reply) => {
    const all = await listFaq(app.db, { limit: 10_000 })
    const header = ['问题', '答复', '答复部门', '答复日期', '政策文件', '链接']
    const rows = all.map((f: AnsweredQuestion) => [f.text, f.answer, f.answeredBy, f.answeredAt.slice(0, 10), f.documentTitle, `/policies/${f.documentId}`])
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="faq.csv"')
      .send(toCsv([header, ...rows]))
  })
}
export default faqRoutes
