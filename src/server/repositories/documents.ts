import type { DocumentDetail, DocumentSummary } from '../../shared/schemas/documents'
import type { Db } from '../db/client'
import { and, desc, eq, lt, or, sql } from 'drizzle-orm'
import { documents } from '../db/schema'

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

// The cursor is the last row's (published_at, id): stable under inserts, unlike an offset.
function encodeCursor(row: SummaryRow): string {
  return Buffer.from(JSON.stringify([row.publishedAt?.toISOString() ?? null, row.id])).toString('base64url')
}

function decodeCursor(cursor: string): { publishedAt: Date, id: number } | undefined {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown]
    if (typeof at !== 'string' || typeof id !== 'number' || !Number.isInteger(id))
      return undefined
    const publishedAt = new Date(at)
    return Number.isNaN(publishedAt.getTime()) ? undefined : { publishedAt, id }
  }
  catch {
    return undefined
  }
}

/** Published documents, newest first, a page at a time. An unreadable cursor starts from the top. */
export async function listDocuments(db: Db, opts: { cursor?: string, limit: number }) {
  const after = opts.cursor ? decodeCursor(opts.cursor) : undefined
  const rows = await db.select(summaryColumns).from(documents).where(and(
    sql`${documents.publishedAt} is not null`,
    after ? or(lt(documents.publishedAt, after.publishedAt), and(eq(documents.publishedAt, after.publishedAt), lt(documents.id, after.id))) : undefined,
  )).orderBy(desc(documents.publishedAt), desc(documents.id)).limit(opts.limit + 1)
  const page = rows.slice(0, opts.limit)
  return { items: page.map(toSummary), nextCursor: rows.length > opts.limit ? encodeCursor(page.at(-1)!) : null }
}

/** One published document with its body. */
export async function getDocument(db: Db, id: number): Promise<DocumentDetail | undefined> {
  const [row] = await db.select().from(documents).where(and(eq(documents.id, id), sql`${documents.publishedAt} is not null`)).limit(1)
  if (!row)
    return undefined
  return {
    ...toSummary(row),
    validFrom: row.validFrom,
    publiclyReleased: row.publiclyReleased,
    body: row.body,
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** Inserts a document, or updates the one with the same slug. */
export async function upsertDocument(db: Db, doc: NewDocument): Promise<number> {
  const [row] = await db.insert(documents).values(doc).onConflictDoUpdate({ target: documents.slug, set: { ...doc, updatedAt: new Date() } }).returning({ id: documents.id })
  return row!.id
}
