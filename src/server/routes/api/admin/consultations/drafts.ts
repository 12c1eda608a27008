import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { ArticleInput } from '../../../../repositories/consultations'
import { IdParamsSchema } from '../../../../../shared/schemas/common'
import { ConsultationCreateBodySchema, CreatedIdSchema, SplitDraftBodySchema, SplitDraftSchema, VersionBodySchema } from '../../../../../shared/schemas/consultation-admin'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { addVersion, consultationStatus, createConsultation, findConsultation, loadVersions } from '../../../../repositories/consultations'
import { consultationAnchors, documentExists } from '../../../../repositories/consultations-admin'
import { splitArticles } from '../../../../services/article-split'
import { audit } from '../../../../services/audit'
import { normaliseLine, normaliseText } from '../../../../services/text'

const EMPTY = { zh: '请填写此项。', en: 'Please fill this in.' }

/** Article texts normalised; an article left empty names its field (articles.3.text). */
function cleanArticles<T extends ArticleInput>(articles: T[]): T[] {
  return articles.map((a, i) => {
    const text = normaliseText(a.text)
    if (!text)
      throw new HttpProblem('validation', { field: `articles.${i}.text`, detail: EMPTY })
    return { ...a, text, number: normaliseLine(a.number) ?? undefined, chapter: a.chapter === undefined || a.chapter === null ? null : normaliseLine(a.chapter) }
  })
}

/**
 * Staff write the drafts: split pasted text into articles, create a consultation with its first draft, and add a
 * version (a revised draft or the adopted text) in which articles keep their anchors. Registered inside the
 * consultations console, so its role check applies. Every write is audited.
 */
const adminConsultationDraftRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/split', {
    schema: { tags: ['admin'], summary: 'Split pasted draft text into articles on 第X条, with 第X章 headings (nothing is saved)', body: SplitDraftBodySchema, response: { 200: SplitDraftSchema, 400: ProblemSchema } },
  }, async request => splitArticles(request.body.text))

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Create a consultation with its first draft', body: ConsultationCreateBodySchema, response: { 201: CreatedIdSchema, 400: ProblemSchema } },
  }, async (request, reply) => {
    const body = request.body
    const title = normaliseLine(body.title)
    if (!title)
      throw new HttpProblem('validation', { field: 'title', detail: EMPTY })
    const department = normaliseLine(body.department)
    if (!department)
      throw new HttpProblem('validation', { field: 'department', detail: EMPTY })
    const opensAt = new Date(body.opensAt)
    const closesAt = new Date(body.closesAt)
    if (closesAt <= opensAt)
      throw new HttpProblem('validation', { field: 'closesAt', detail: { zh: '截止时间须晚于开始时间。', en: 'The closing time must be after the opening time.' } })
    const documentId = body.documentId ?? null
    if (documentId !== null && !await documentExists(app.db, documentId))
      throw new HttpProblem('validation', { field: 'documentId', detail: { zh: '文件库中没有这个编号的文件。', en: 'The library has no document with this number.' } })
    const articles = cleanArticles(body.articles)
    const id = await app.db.transaction(async (tx) => {
      const created = await createConsultation(tx, {
        title,
        department,
        summary: normaliseText(body.summary),
        interpretation: normaliseText(body.interpretation),
        opensAt,
        closesAt,
        documentId,
        majorDecision: body.majorDecision ?? false,
        draftLabel: normaliseLine(body.draftLabel) ?? undefined,
        articles,
      })
      await audit(tx, request, 'consultation.create', `consultation:${created}`, { title, articles: articles.length, opensAt, closesAt })
      return created
    })
    return reply.code(201).send({ id })
  })

  app.post('/:id/versions', {
    schema: { tags: ['admin'], summary: 'Add a version (revised draft or adopted text); articles keep their anchors', params: IdParamsSchema, body: VersionBodySchema, response: { 201: CreatedIdSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const row = await findConsultation(app.db, request.params.id)
    if (!row)
      throw new HttpProblem('not-found')
    if (row.reportPublishedAt)
      throw new HttpProblem('conflict', { detail: { zh: '采纳情况已经发布，不能再改动文本。', en: 'The report has been published: the text can no longer change.' } })
    const { kind } = request.body
    const status = consultationStatus(row, new Date())
    if (kind === 'final' && (status === 'open' || status === 'upcoming'))
      throw new HttpProblem('conflict', { field: 'kind', detail: { zh: '征求意见尚未截止，截止后才能发布定稿。', en: 'The consultation has not closed yet: the final text comes after closing.' } })
    const { final } = await loadVersions(app.db, row.id)
    if (kind === 'draft' && final)
      throw new HttpProblem('conflict', { field: 'kind', detail: { zh: '定稿已经发布，不能再发布修改稿。', en: 'The final text is out: no further draft can follow it.' } })
    const known = await consultationAnchors(app.db, row.id)
    const seen = new Set<string>()
    request.body.articles.forEach((a, i) => {
      if (a.anchor === undefined)
        return
      if (!known.has(a.anchor) || seen.has(a.anchor))
        throw new HttpProblem('validation', { field: `articles.${i}.anchor`, detail: { zh: '此前的版本中没有这一条，或它出现了两次。', en: 'No earlier version has this article, or it appears twice.' } })
      seen.add(a.anchor)
    })
    const articles = cleanArticles(request.body.articles)
    const label = normaliseLine(request.body.label)
    if (!label)
      throw new HttpProblem('validation', { field: 'label', detail: EMPTY })
    const versionId = await app.db.transaction(async (tx) => {
      const added = await addVersion(tx, row.id, kind, label, articles)
      await audit(tx, request, `consultation.version.${kind}`, `consultation:${row.id}`, { versionId: added, label, articles: articles.length, kept: seen.size })
      return added
    })
    return reply.code(201).send({ id: versionId })
  })
}
export default adminConsultationDraftRoutes
