import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { DocumentBody } from '../../../../../shared/schemas/document-body'
import type { DocumentInput } from '../../../../../shared/schemas/library-admin'
import { Type } from 'typebox'
import { EmptyBodySchema, IdParamsSchema } from '../../../../../shared/schemas/common'
import { AdminDocumentRowSchema, AdminInterpretationSchema, DocumentInputSchema, InterpretationInputSchema, MarkdownPreviewBodySchema, MarkdownPreviewSchema, ParseBodySchema, ParsePreviewSchema } from '../../../../../shared/schemas/library-admin'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { ImportError, parseDocument } from '../../../../importer/parse'
import { HttpProblem } from '../../../../problems'
import { publishDocument, withdrawDocument } from '../../../../repositories/documents'
import { createDocument, createInterpretation, getDocumentForEdit, listAllDocuments, publishInterpretation, toAdminInterpretation, updateDocument, updateInterpretation } from '../../../../repositories/library-admin'
import { audited } from '../../../../services/audit'
import { renderMarkdown } from '../../../../services/markdown'

const PublishBody = Type.Object({
  /** why this 规范性文件 needs no interpretation (三同步), when it has none */
  interpretationWaiver: Type.Optional(Type.String({ minLength: 4, maxLength: 300 })),
}, { additionalProperties: false })
const Created = Type.Object({ id: Type.Integer() })

/** The importer on pasted text; a file it cannot read is a 400 that names the line. */
function parseSource(source: string) {
  try {
    return parseDocument(source)
  }
  catch (error) {
    if (error instanceof ImportError)
      throw new HttpProblem('validation', { field: 'source', detail: { zh: error.message, en: `Line ${error.line}: the text could not be read as a plan. ${error.message}` } })
    throw error
  }
}

/** An English version needs both its title and its text: one without the other is a 400 naming the missing field. */
function checkEnglish(input: DocumentInput) {
  const title = Boolean(input.titleEn?.trim())
  const text = Boolean(input.bodyEn?.trim())
  if (title && !text)
    throw new HttpProblem('validation', { field: 'bodyEn', detail: { zh: '填写了英文标题，请同时填写英文正文', en: 'An English title needs the English text too' } })
  if (text && !title)
    throw new HttpProblem('validation', { field: 'titleEn', detail: { zh: '填写了英文正文，请同时填写英文标题', en: 'The English text needs an English title too' } })
}

/** Writing documents and their interpretations, and publishing them; the 三同步 rule is enforced here. */
const adminDocumentRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))

  app.get('/', { schema: { tags: ['admin'], response: { 200: Type.Array(AdminDocumentRowSchema) } } }, async () => listAllDocuments(app.db))

  app.post('/parse', {
    schema: { tags: ['admin'], summary: 'What the importer reads in a pasted text, to check before saving', body: ParseBodySchema, response: { 200: ParsePreviewSchema, 400: ProblemSchema } },
  }, async (request) => {
    const parsed = parseSource(request.body.source)
    return {
      title: parsed.title,
      docNumber: parsed.docNumber,
      issuer: parsed.issuer,
      issuedAt: parsed.issuedAt,
      parts: parsed.body.parts.length,
      items: parsed.body.parts.reduce((n, p) => n + p.items.length, 0),
      taskRows: parsed.body.tables.reduce((n, t) => n + t.rows.length, 0),
      outline: parsed.body.parts.map(p => `${p.number}、${p.title}`),
    }
  })

  app.post('/', {
    schema: { tags: ['admin'], summary: 'A new document, unpublished', body: DocumentInputSchema, response: { 201: Created, 400: ProblemSchema } },
  }, async (request, reply) => {
    checkEnglish(request.body)
    const body: DocumentBody | undefined = request.body.source ? parseSource(request.body.source).body : undefined
    const id = await audited(app.db, request, (id: number) => ({ action: 'document.create', target: `document:${id}` }), tx => createDocument(tx, request.body, body, app.now()))
    return reply.code(201).send({ id })
  })

  app.get('/:id', {
    schema: { tags: ['admin'], params: IdParamsSchema, response: { 200: Type.Object({ document: Type.Intersect([DocumentInputSchema, Type.Object({ id: Type.Integer(), publishedAt: Type.Union([Type.String(), Type.Null()]), interpretationWaiver: Type.Union([Type.String(), Type.Null()]) })]), interpretations: Type.Array(AdminInterpretationSchema) }), 404: ProblemSchema } },
  }, async (request) => {
    const found = await getDocumentForEdit(app.db, request.params.id)
    if (!found)
      throw new HttpProblem('not-found')
    const d = found.doc
    return {
      document: { id: d.id, title: d.title, docNumber: d.docNumber, issuer: d.issuer, level: d.level, district: d.district, type: d.type, status: d.status, issuedOn: d.issuedOn, validFrom: d.validFrom, validUntil: d.validUntil, topics: d.topics, audiences: d.audiences, summary: d.summary, titleEn: d.titleEn, bodyEn: d.bodyEn, serviceLinks: d.serviceLinks, publishedAt: d.publishedAt?.toISOString() ?? null, interpretationWaiver: d.interpretationWaiver },
      interpretations: found.interpretations.map(toAdminInterpretation),
    }
  })

  app.put('/:id', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: DocumentInputSchema, response: { 204: Type.Null(), 400: ProblemSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    checkEnglish(request.body)
    const body = request.body.source ? parseSource(request.body.source).body : undefined
    await audited(app.db, request, { action: 'document.update', target: `document:${request.params.id}`, detail: { body: Boolean(body) } }, async (tx) => {
      if (!await updateDocument(tx, request.params.id, request.body, body, app.now()))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })

  app.post('/:id/publish', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: PublishBody, response: { 204: Type.Null(), 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'document.publish', target: `document:${request.params.id}`, detail: { waiver: Boolean(request.body.interpretationWaiver) } }, async (tx) => {
      const result = await publishDocument(tx, request.params.id, request.body.interpretationWaiver, app.now())
      if (result === 'not-found')
        throw new HttpProblem('not-found')
      if (result !== 'published')
        throw new HttpProblem('conflict', { detail: result, field: 'interpretationWaiver' })
    })
    return reply.code(204).send(null)
  })

  app.post('/:id/withdraw', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'document.withdraw', target: `document:${request.params.id}` }, async (tx) => {
      if (!await withdrawDocument(tx, request.params.id, app.now()))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })

  app.post('/:id/interpretations', {
    schema: { tags: ['admin'], summary: 'A draft interpretation of the document', params: IdParamsSchema, body: InterpretationInputSchema, response: { 201: Created, 404: ProblemSchema } },
  }, async (request, reply) => {
    const id = await audited(app.db, request, (id: number) => ({ action: 'interpretation.create', target: `interpretation:${id}`, detail: { documentId: request.params.id } }), async (tx) => {
      const created = await createInterpretation(tx, request.params.id, request.body, app.now())
      if (!created)
        throw new HttpProblem('not-found')
      return created
    })
    return reply.code(201).send({ id })
  })

  app.post('/markdown-preview', {
    schema: { tags: ['admin'], summary: 'Markdown as residents will see it, sanitised', body: MarkdownPreviewBodySchema, response: { 200: MarkdownPreviewSchema } },
    config: { rateLimit: { max: 240, timeWindow: '1 minute' } },
  }, async request => ({ html: renderMarkdown(request.body.markdown) }))
}

/** Interpretations by their own id: edit, publish, unpublish. */
export const adminInterpretationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('editor'))

  app.put('/:id', {
    schema: { tags: ['admin'], params: IdParamsSchema, body: InterpretationInputSchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: 'interpretation.update', target: `interpretation:${request.params.id}` }, async (tx) => {
      if (!await updateInterpretation(tx, request.params.id, request.body, app.now()))
        throw new HttpProblem('not-found')
    })
    return reply.code(204).send(null)
  })

  for (const [path, publish] of [['publish', true], ['unpublish', false]] as const) {
    app.post(`/:id/${path}`, {
      schema: { tags: ['admin'], params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
    }, async (request, reply) => {
      await audited(app.db, request, { action: `interpretation.${path}`, target: `interpretation:${request.params.id}` }, async (tx) => {
        if (!await publishInterpretation(tx, request.params.id, publish, app.now()))
          throw new HttpProblem('not-found')
      })
      return reply.code(204).send(null)
    })
  }
}
export default adminDocumentRoutes
