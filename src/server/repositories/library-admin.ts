import type { DocumentBody } from '../../shared/schemas/document-body'
import type { AdminDocumentRow, AdminInterpretation, BundleInput, DocumentInput, InterpretationInput } from '../../shared/schemas/library-admin'
import type { Db } from '../db/client'
import { randomBytes } from 'node:crypto'
import { and, count, desc, eq, isNotNull, sql } from 'drizzle-orm'
import { documents, interpretations, topicBundles } from '../db/schema'
import { renderMarkdown } from '../services/markdown'
import { refreshDocumentSearch, searchFields } from './documents'

const EMPTY_BODY: DocumentBody = { preamble: [], parts: [], closing: [], tables: [] }

/** Every document, published or not, newest change first, with its published interpretation count. */
export async function listAllDocuments(db: Db): Promise<AdminDocumentRow[]> {
  const published = db.select({ documentId: interpretations.documentId, n: count().as('n') }).from(interpretations).where(isNotNull(interpretations.publishedAt)).groupBy(interpretations.documentId).as('published')
  const rows = await db.select({
    id: documents.id,
    title: documents.title,
    docNumber: documents.docNumber,
    type: documents.type,
    status: documents.status,
    publishedAt: documents.publishedAt,
    interpretations: sql<number>`coalesce(${published.n}, 0)::int`,
    interpretationWaiver: documents.interpretationWaiver,
  }).from(documents).leftJoin(published, eq(published.documentId, documents.id)).orderBy(desc(documents.updatedAt), desc(documents.id))
  return rows.map(r => ({ ...r, interpretations: Number(r.interpretations), publishedAt: r.publishedAt?.toISOString() ?? null }))
}

/** The columns a DocumentInput sets; `body` only when the source was parsed. */
function columns(input: DocumentInput, body?: DocumentBody) {
  const { source: _source, serviceLinks, titleEn, bodyEn, ...meta } = input
  return {
    ...meta,
    // both or neither (the route checks); empty text clears the English version
    ...(titleEn !== undefined ? { titleEn: titleEn?.trim() || null } : {}),
    ...(bodyEn !== undefined ? { bodyEn: bodyEn?.trim() || null } : {}),
    docNumber: meta.docNumber || null,
    district: meta.district || null,
    ...(serviceLinks ? { serviceLinks } : {}),
    ...(body ? { body } : {}),
  }
}

/** A new, unpublished document. */
export async function createDocument(db: Db, input: DocumentInput, body: DocumentBody | undefined, now: Date): Promise<number> {
  const values = { ...columns(input, body ?? EMPTY_BODY), body: body ?? EMPTY_BODY, slug: `doc-${randomBytes(6).toString('hex')}`, createdAt: now, updatedAt: now }
  const [row] = await db.insert(documents).values({ ...values, ...searchFields(values) }).returning({ id: documents.id })
  return row!.id
}

/** Updates metadata (and the body when a new source was parsed); search tokens follow. */
export async function updateDocument(db: Db, id: number, input: DocumentInput, body: DocumentBody | undefined, now: Date): Promise<boolean> {
  const rows = await db.update(documents).set({ ...columns(input, body), updatedAt: now }).where(eq(documents.id, id)).returning({ id: documents.id })
  if (!rows.length)
    return false
  await refreshDocumentSearch(db, id)
  return true
}

export async function getDocumentForEdit(db: Db, id: number) {
  const [doc] = await db.select().from(documents).where(eq(documents.id, id)).limit(1)
  if (!doc)
    return undefined
  const interps = await db.select().from(interpretations).where(eq(interpretations.documentId, id)).orderBy(interpretations.id)
  return { doc, interpretations: interps }
}

function interpretationColumns(input: InterpretationInput) {
  return {
    kind: input.kind,
    title: input.title,
    interpreterType: input.interpreterType,
    interpreterName: input.interpreterName,
    sections: input.sections.map(s => ({ key: s.key, title: s.title, text: s.markdown, html: renderMarkdown(s.markdown) })),
    faq: input.faq,
    images: input.images,
    video: input.video ?? null,
  }
}

export function toAdminInterpretation(row: typeof interpretations.$inferSelect): AdminInterpretation {
  return {
    id: row.id,
    documentId: row.documentId,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    helpful: { yes: row.helpfulYes, no: row.helpfulNo },
    kind: row.kind,
    title: row.title,
    interpreterType: row.interpreterType,
    interpreterName: row.interpreterName,
    sections: row.sections.map(s => ({ key: s.key as InterpretationInput['sections'][number]['key'], title: s.title, markdown: s.text })),
    faq: row.faq,
    images: row.images,
    video: row.video,
  }
}

/** A draft interpretation of a document (published separately). Undefined when there is no such document. */
export async function createInterpretation(db: Db, documentId: number, input: InterpretationInput, now: Date): Promise<number | undefined> {
  const [doc] = await db.select({ id: documents.id }).from(documents).where(eq(documents.id, documentId)).limit(1)
  if (!doc)
    return undefined
  const [row] = await db.insert(interpretations).values({ documentId, ...interpretationColumns(input), createdAt: now, updatedAt: now }).returning({ id: interpretations.id })
  return row!.id
}

/** Saves an interpretation; a published one stays published and its document's search follows. */
export async function updateInterpretation(db: Db, id: number, input: InterpretationInput, now: Date): Promise<boolean> {
  const rows = await db.update(interpretations).set({ ...interpretationColumns(input), updatedAt: now }).where(eq(interpretations.id, id)).returning({ documentId: interpretations.documentId })
  if (!rows.length)
    return false
  await refreshDocumentSearch(db, rows[0]!.documentId)
  return true
}

export async function publishInterpretation(db: Db, id: number, publish: boolean, now: Date): Promise<boolean> {
  const rows = await db.update(interpretations).set({ publishedAt: publish ? now : null, updatedAt: now }).where(eq(interpretations.id, id)).returning({ documentId: interpretations.documentId })
  if (!rows.length)
    return false
  await refreshDocumentSearch(db, rows[0]!.documentId)
  return true
}

export async function listAllBundles(db: Db) {
  const rows = await db.select().from(topicBundles).orderBy(topicBundles.id)
  return rows.map(b => ({ slug: b.slug, title: b.title, summary: b.summary, items: b.items.map(i => ({ ...i })), published: b.publishedAt !== null }))
}

/** Creates or replaces a bundle by its slug. */
export async function saveBundle(db: Db, input: BundleInput, now: Date): Promise<void> {
  const values = { slug: input.slug, title: input.title, summary: input.summary, items: input.items, publishedAt: input.published ? now : null, updatedAt: now }
  await db.insert(topicBundles).values(values).onConflictDoUpdate({
    target: topicBundles.slug,
    set: { ...values, publishedAt: input.published ? sql`coalesce(${topicBundles.publishedAt}, ${now})` : null },
  })
}

export async function documentExists(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.id, id))).limit(1)
  return Boolean(row)
}
