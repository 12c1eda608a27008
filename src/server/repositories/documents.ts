import type { DocumentDetail, DocumentSummary } from '../../shared/schemas/documents'
import type { Db } from '../db/client'
import { and, count, eq, isNotNull, sql } from 'drizzle-orm'
import { bodyToPlainText } from '../../shared/document-text'
import { docNumberToken, tokenize } from '../../shared/tokenizer'
import { documents, interpretations } from '../db/schema'
import { publishingBlocker } from '../services/publishing'

type Row = typeof documents.$inferSelect
export type NewDocument = typeof documents.$inferInsert

const summaryColumns = {
  id: documents.id,
  slug: documents.slug,
  title: documents.title,
  docNumber: documents.docNumber,
  issuer: documents.issuer,
  level: documents.level,
  district: documents.district,
  type: documents.type,
  status: documents.status,
  issuedOn: documents.issuedOn,
  publishedAt: documents.publishedAt,
  validUntil: documents.validUntil,
  topics: documents.topics,
  audiences: documents.audiences,
  summary: documents.summary,
}

type SummaryRow = Pick<Row, keyof typeof summaryColumns>

function toSummary(row: SummaryRow): DocumentSummary {
  return { ...row, publishedAt: row.publishedAt?.toISOString() ?? null }
}

/** An English version's text as paragraphs: split at blank lines, single line breaks kept inside a paragraph. */
function englishParagraphs(text: string): string[] {
  return text.split(/\n\s*\n/).map(p => p.replace(/\s*\n\s*/g, ' ').trim()).filter(Boolean)
}

/** One published document with its body. */
export async function getDocument(db: Db, id: number): Promise<DocumentDetail | undefined> {
  // only what the page shows: the search columns (tokens, vector, plain text) are several times the body's size
  const [row] = await db.select({ ...summaryColumns, validFrom: documents.validFrom, publiclyReleased: documents.publiclyReleased, body: documents.body, titleEn: documents.titleEn, bodyEn: documents.bodyEn, updatedAt: documents.updatedAt }).from(documents).where(and(eq(documents.id, id), sql`${documents.publishedAt} is not null`)).limit(1)
  if (!row)
    return undefined
  return {
    ...toSummary(row),
    validFrom: row.validFrom,
    publiclyReleased: row.publiclyReleased,
    body: row.body,
    english: row.titleEn && row.bodyEn ? { title: row.titleEn, paragraphs: englishParagraphs(row.bodyEn) } : null,
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The searchable text of a document: what its tokens are made from. Interpretations add theirs. */
export function searchFields(doc: Pick<NewDocument, 'title' | 'docNumber' | 'issuer' | 'summary' | 'body'>, extra: string[] = []) {
  const plainText = bodyToPlainText(doc.body)
  return {
    plainText,
    titleTokens: tokenize(`${doc.title} ${doc.docNumber ?? ''}`).join(' '),
    searchTokens: tokenize([doc.issuer, doc.summary ?? '', plainText, ...extra].join('\n')).join(' '),
  }
}

/** Inserts a document, or updates the one with the same slug; its 文号 key and search tokens are kept in step. */
export async function upsertDocument(db: Db, input: NewDocument): Promise<number> {
  const doc = { ...input, ...searchFields(input), docNumberKey: input.docNumber ? docNumberToken(input.docNumber) : null }
  const [row] = await db.insert(documents).values(doc).onConflictDoUpdate({ target: documents.slug, set: { ...doc, updatedAt: new Date() } }).returning({ id: documents.id })
  return row!.id
}

/** Recomputes a document's search tokens with its published interpretations' text (search finds a policy by its 解读 too). */
export async function refreshDocumentSearch(db: Db, documentId: number): Promise<void> {
  const [doc] = await db.select().from(documents).where(eq(documents.id, documentId)).limit(1)
  if (!doc)
    return
  const interps = await db.select({ title: interpretations.title, sections: interpretations.sections, faq: interpretations.faq })
    .from(interpretations)
    .where(and(eq(interpretations.documentId, documentId), sql`${interpretations.publishedAt} is not null`))
  const extra = interps.flatMap(i => [i.title, ...i.sections.map(s => `${s.title} ${s.text}`), ...i.faq.map(f => `${f.q} ${f.a}`)])
  await db.update(documents).set(searchFields(doc, extra)).where(eq(documents.id, documentId))
}

/**
 * Publishes a document unless the 三同步 rule stops it (see services/publishing.ts). Returns
 * 'not-found', the rule's reason, or 'published'.
 */
export async function publishDocument(db: Db, id: number, waiver: string | undefined, now: Date): Promise<'not-found' | 'published' | { zh: string, en: string }> {
  return db.transaction(async (tx) => {
    const [doc] = await tx.select({ type: documents.type, interpretationWaiver: documents.interpretationWaiver }).from(documents).where(eq(documents.id, id)).limit(1).for('update')
    if (!doc)
      return 'not-found'
    const interpretationWaiver = waiver?.trim() || doc.interpretationWaiver
    const [published] = await tx.select({ n: count() }).from(interpretations).where(and(eq(interpretations.documentId, id), isNotNull(interpretations.publishedAt)))
    const blocker = publishingBlocker({ type: doc.type, interpretationWaiver }, Number(published?.n ?? 0))
    if (blocker)
      return blocker
    await tx.update(documents).set({ publishedAt: now, interpretationWaiver, updatedAt: now }).where(eq(documents.id, id))
    return 'published'
  })
}

/** Takes a document out of the library (it keeps its id and links). */
export async function withdrawDocument(db: Db, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(documents).set({ publishedAt: null, updatedAt: now }).where(eq(documents.id, id)).returning({ id: documents.id })
  return rows.length > 0
}
