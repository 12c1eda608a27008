import type { CommentDecision, CommentStatus } from '../../shared/constants'
import type { AdminComment, AdminConsultation } from '../../shared/schemas/consultation-admin'
import type { Db } from '../db/client'
import { and, asc, count, desc, eq, inArray, isNull, ne } from 'drizzle-orm'
import { consultationArticles, consultationComments, consultations, consultationVersions, documents } from '../db/schema'
import { consultationStatus, isReportOverdue, reportDueOn } from './consultations'
import { clearReports, openReportCounts } from './reports'

/** 13912341234 → 139****1234; someone@example.com → s***@example.com; anything else keeps its first character. */
export function maskContact(contact: string | null): string | null {
  if (!contact)
    return null
  const phone = contact.replace(/[\s-]/g, '')
  if (/^\+?\d{7,15}$/.test(phone))
    return `${phone.slice(0, phone.length - 8)}****${phone.slice(-4)}`
  const at = contact.indexOf('@')
  if (at > 0)
    return `${contact[0]}***${contact.slice(at)}`
  return `${[...contact][0]}***`
}

/** What a commenter gave to be reached at, in full (staff see it masked): shown through `auditedReveal`. */
export async function commentContact(db: Db, consultationId: number, commentId: number): Promise<string | null | undefined> {
  const [row] = await db.select({ contact: consultationComments.contact }).from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.id, commentId), ne(consultationComments.status, 'withdrawn'))).limit(1)
  return row?.contact
}

/** Every consultation with its queue sizes and the report deadline, newest closing first. */
export async function listAdminConsultations(db: Db, now = new Date()): Promise<AdminConsultation[]> {
  const rows = await db.select().from(consultations).orderBy(desc(consultations.closesAt))
  const ids = rows.map(r => r.id)
  const counts = ids.length
    ? await db.select({ id: consultationComments.consultationId, status: consultationComments.status, undecided: isNull(consultationComments.decision), n: count() })
        .from(consultationComments)
        .where(inArray(consultationComments.consultationId, ids))
        .groupBy(consultationComments.consultationId, consultationComments.status, isNull(consultationComments.decision))
    : []
  const finals = ids.length
    ? await db.select({ id: consultationVersions.consultationId, at: consultationVersions.publishedAt }).from(consultationVersions).where(and(inArray(consultationVersions.consultationId, ids), eq(consultationVersions.kind, 'final'))).orderBy(asc(consultationVersions.seq))
    : []
  const finalAt = new Map(finals.map(f => [f.id, f.at]))
  return rows.map((r) => {
    const mine = counts.filter(c => c.id === r.id)
    const sum = (status: CommentStatus) => mine.filter(c => c.status === status).reduce((s, c) => s + Number(c.n), 0)
    const dueOn = reportDueOn(r, finalAt.get(r.id))
    return {
      id: r.id,
      title: r.title,
      department: r.department,
      opensAt: r.opensAt.toISOString(),
      closesAt: r.closesAt.toISOString(),
      status: consultationStatus(r, now),
      pending: sum('pending'),
      published: sum('published'),
      rejected: sum('rejected'),
      undecided: mine.filter(c => c.status === 'published' && c.undecided).reduce((s, c) => s + Number(c.n), 0),
      hasFinal: finalAt.has(r.id),
      reportDueOn: dueOn,
      reportOverdue: isReportOverdue(r, dueOn, now),
      reportPublishedAt: r.reportPublishedAt?.toISOString() ?? null,
    }
  })
}

/** A consultation's comments for staff, oldest first: the queue reads in the order people wrote. */
export async function listAdminComments(db: Db, consultationId: number, status?: CommentStatus): Promise<AdminComment[]> {
  const rows = await db.select().from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), status ? eq(consultationComments.status, status) : undefined)).orderBy(asc(consultationComments.createdAt), asc(consultationComments.id))
  const numbers = await db.select({ anchor: consultationArticles.anchor, number: consultationArticles.number })
    .from(consultationArticles)
    .innerJoin(consultationVersions, eq(consultationVersions.id, consultationArticles.versionId))
    .where(and(eq(consultationVersions.consultationId, consultationId), eq(consultationVersions.kind, 'draft')))
    .orderBy(asc(consultationVersions.seq))
  const numberOf = new Map(numbers.map(n => [n.anchor, n.number]))
  const reports = await openReportCounts(db, rows.map(c => c.id))
  return rows.map(c => ({
    id: c.id,
    consultationId: c.consultationId,
    receiptNumber: c.receiptNumber,
    articleAnchor: c.articleAnchor,
    articleNumber: c.articleAnchor ? numberOf.get(c.articleAnchor) ?? null : null,
    text: c.body,
    commenterType: c.commenterType,
    displayName: c.displayName,
    contactMasked: maskContact(c.contact),
    status: c.status,
    rejectReason: c.rejectReason,
    reply: c.reply && c.repliedAt ? { text: c.reply, at: c.repliedAt.toISOString() } : null,
    decision: c.decision,
    decisionReason: c.decisionReason,
    decisionArticleAnchor: c.decisionArticleAnchor,
    createdAt: c.createdAt.toISOString(),
    reportCount: reports.get(c.id) ?? 0,
    reportedAt: c.reportedAt?.toISOString() ?? null,
  }))
}

/** Approves or rejects comments of one consultation (never one its author withdrew); returns the ids changed. */
export async function moderateComments(db: Db, consultationId: number, ids: number[], action: 'approve' | 'reject', reason: string | null, staffId: number, now = new Date()): Promise<number[]> {
  const rows = await db.update(consultationComments).set({
    status: action === 'approve' ? 'published' : 'rejected',
    rejectReason: action === 'approve' ? null : reason,
    moderatedAt: now,
    moderatedBy: staffId,
  }).where(and(eq(consultationComments.consultationId, consultationId), inArray(consultationComments.id, ids), ne(consultationComments.status, 'withdrawn'))).returning({ id: consultationComments.id })
  await clearReports(db, rows.map(r => r.id)) // a moderator has looked: restored, or removed
  return rows.map(r => r.id)
}

/** Sets the official reply of a published comment; false when there is no such published comment. */
export async function replyToComment(db: Db, consultationId: number, commentId: number, text: string, now = new Date()): Promise<boolean> {
  const rows = await db.update(consultationComments).set({ reply: text, repliedAt: now }).where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.id, commentId), eq(consultationComments.status, 'published'))).returning({ id: consultationComments.id })
  return rows.length > 0
}

/** The same decision for one or a group of similar published comments; returns the ids changed. */
export async function decideComments(db: Db, consultationId: number, ids: number[], decision: { decision: CommentDecision, reason: string, finalArticleAnchor: string | null }, now = new Date()): Promise<number[]> {
  const rows = await db.update(consultationComments).set({ decision: decision.decision, decisionReason: decision.reason, decisionArticleAnchor: decision.finalArticleAnchor, decidedAt: now }).where(and(eq(consultationComments.consultationId, consultationId), inArray(consultationComments.id, ids), eq(consultationComments.status, 'published'))).returning({ id: consultationComments.id })
  return rows.map(r => r.id)
}

/** What still stands in the way of the report: comments not yet moderated, published comments not yet decided. */
export async function reportBlockers(db: Db, consultationId: number): Promise<{ pending: number, undecided: number }> {
  const [pending] = await db.select({ n: count() }).from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, 'pending')))
  const [undecided] = await db.select({ n: count() }).from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, 'published'), isNull(consultationComments.decision)))
  return { pending: Number(pending?.n ?? 0), undecided: Number(undecided?.n ?? 0) }
}

export async function publishReport(db: Db, consultationId: number, mainChanges: string, now = new Date()) {
  await db.update(consultations).set({ mainChanges, reportPublishedAt: now, updatedAt: now }).where(eq(consultations.id, consultationId))
}

export async function setWindow(db: Db, consultationId: number, window: { opensAt: Date, closesAt: Date }, now = new Date()) {
  await db.update(consultations).set({ ...window, updatedAt: now }).where(eq(consultations.id, consultationId))
}

/** Every anchor any version of a consultation has used: an article may come back under its old anchor. */
export async function consultationAnchors(db: Db, consultationId: number): Promise<Set<string>> {
  const rows = await db.select({ anchor: consultationArticles.anchor })
    .from(consultationArticles)
    .innerJoin(consultationVersions, eq(consultationVersions.id, consultationArticles.versionId))
    .where(eq(consultationVersions.consultationId, consultationId))
  return new Set(rows.map(r => r.anchor))
}

export async function documentExists(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(eq(documents.id, id)).limit(1)
  return row !== undefined
}
