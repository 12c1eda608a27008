import type { CommenterType, CommentStatus, ConsultationStatus, DraftVersionKind, ReceiptState } from '../../shared/constants'
import type { ArticleChange, CommentDecisionInfo, ConsultationDetail, ConsultationList, ConsultationReport, ConsultationSummary, DecisionStageEntry, DraftVersion, PublicComment, Receipt } from '../../shared/schemas/consultations'
import type { Db } from '../db/client'
import { randomBytes, randomInt } from 'node:crypto'
import { and, asc, count, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm'
import { CONSULTATION_REPORT_WORKING_DAYS } from '../../shared/constants'
import { consultationArticles, consultationComments, consultations, consultationVersions, documents } from '../db/schema'
import { articleNumber, diffText } from '../services/article-diff'
import { sha256 } from '../services/event-secrets'
import { addWorkingDays, shanghaiDate } from '../services/working-days'

export type ConsultationRow = typeof consultations.$inferSelect
export type CommentRow = typeof consultationComments.$inferSelect

/** 未开始 before opening, 征求中 until closing, then 已截止, and 已公布 once the report is out. */
export function consultationStatus(row: Pick<ConsultationRow, 'opensAt' | 'closesAt' | 'reportPublishedAt'>, now: Date): ConsultationStatus {
  if (row.reportPublishedAt)
    return 'reported'
  if (now < row.opensAt)
    return 'upcoming'
  return now < row.closesAt ? 'open' : 'closed'
}

/** The adoption of comments is due 10 working days after the decision (the final text), or after closing. */
export function reportDueOn(row: Pick<ConsultationRow, 'closesAt'>, finalPublishedAt: Date | null | undefined): string {
  return addWorkingDays(finalPublishedAt ?? row.closesAt, CONSULTATION_REPORT_WORKING_DAYS)
}

export function isReportOverdue(row: Pick<ConsultationRow, 'closesAt' | 'reportPublishedAt'>, dueOn: string, now: Date): boolean {
  return !row.reportPublishedAt && now >= row.closesAt && shanghaiDate(now) > dueOn
}

// ---------------------------------------------------------------- creating

export interface ArticleInput { anchor?: string, number?: string, chapter?: string | null, text: string }

export interface NewConsultation {
  title: string
  summary?: string
  interpretation?: string
  department: string
  opensAt: Date
  closesAt: Date
  documentId?: number | null
  majorDecision?: boolean
  stages?: DecisionStageEntry[]
  draftLabel?: string
  articles: ArticleInput[]
}

const newAnchor = () => `a-${randomBytes(5).toString('base64url').replace(/[-_]/g, 'x')}`

/** Creates a consultation with its first draft version. */
export async function createConsultation(db: Db, input: NewConsultation): Promise<number> {
  const { articles, draftLabel, ...fields } = input
  const [row] = await db.insert(consultations).values(fields).returning({ id: consultations.id })
  await addVersion(db, row!.id, 'draft', draftLabel ?? '征求意见稿', articles, input.opensAt)
  return row!.id
}

/**
 * Adds a version. Articles that name an anchor keep it (the same article in a new place); articles without
 * one are new and get a fresh anchor. Numbers default to 第N条 by position.
 */
export async function addVersion(db: Db, consultationId: number, kind: DraftVersionKind, label: string, articles: ArticleInput[], publishedAt = new Date()): Promise<number> {
  const [last] = await db.select({ seq: consultationVersions.seq }).from(consultationVersions).where(eq(consultationVersions.consultationId, consultationId)).orderBy(desc(consultationVersions.seq)).limit(1)
  const [version] = await db.insert(consultationVersions).values({ consultationId, kind, label, seq: (last?.seq ?? 0) + 1, publishedAt }).returning({ id: consultationVersions.id })
  const seen = new Set<string>()
  const rows = articles.map((a, i) => {
    let anchor = a.anchor && !seen.has(a.anchor) ? a.anchor : newAnchor()
    while (seen.has(anchor))
      anchor = newAnchor()
    seen.add(anchor)
    return { versionId: version!.id, anchor, position: i + 1, number: a.number?.trim() || articleNumber(i + 1), chapter: a.chapter?.trim() || null, text: a.text }
  })
  await db.insert(consultationArticles).values(rows)
  return version!.id
}

/** A library document's id by its slug, for linking a consultation to it. */
export async function documentIdBySlug(db: Db, slug: string): Promise<number | null> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(eq(documents.slug, slug)).limit(1)
  return row?.id ?? null
}

// ---------------------------------------------------------------- reading

export async function findConsultation(db: Db, id: number): Promise<ConsultationRow | undefined> {
  const [row] = await db.select().from(consultations).where(eq(consultations.id, id)).limit(1)
  return row
}

interface VersionWithArticles extends Omit<DraftVersion, 'articles' | 'publishedAt'> {
  publishedAt: Date
  articles: Array<{ anchor: string, number: string, chapter: string | null, text: string }>
}

/** The current draft (latest draft version) and the final text, if published. */
export async function loadVersions(db: Db, consultationId: number): Promise<{ draft: VersionWithArticles | undefined, final: VersionWithArticles | undefined }> {
  const versions = await db.select().from(consultationVersions).where(eq(consultationVersions.consultationId, consultationId)).orderBy(desc(consultationVersions.seq))
  const draftRow = versions.find(v => v.kind === 'draft')
  const finalRow = versions.find(v => v.kind === 'final')
  const ids = [draftRow?.id, finalRow?.id].filter((v): v is number => v !== undefined)
  const articles = ids.length
    ? await db.select().from(consultationArticles).where(inArray(consultationArticles.versionId, ids)).orderBy(asc(consultationArticles.versionId), asc(consultationArticles.position))
    : []
  const build = (v: typeof versions[number] | undefined): VersionWithArticles | undefined => v && {
    id: v.id,
    kind: v.kind,
    label: v.label,
    publishedAt: v.publishedAt,
    articles: articles.filter(a => a.versionId === v.id).map(a => ({ anchor: a.anchor, number: a.number, chapter: a.chapter, text: a.text })),
  }
  return { draft: build(draftRow), final: build(finalRow) }
}

/** Article numbers by anchor, across every version, latest draft winning: a comment always finds its article. */
async function articleNumbers(db: Db, consultationId: number): Promise<{ draft: Map<string, string>, final: Map<string, string> }> {
  const rows = await db.select({ anchor: consultationArticles.anchor, number: consultationArticles.number, kind: consultationVersions.kind })
    .from(consultationArticles)
    .innerJoin(consultationVersions, eq(consultationVersions.id, consultationArticles.versionId))
    .where(eq(consultationVersions.consultationId, consultationId))
    .orderBy(asc(consultationVersions.seq))
  const draft = new Map<string, string>()
  const final = new Map<string, string>()
  for (const r of rows)
    (r.kind === 'final' ? final : draft).set(r.anchor, r.number)
  return { draft, final }
}

async function publishedCounts(db: Db, consultationIds: number[]): Promise<Map<number, number>> {
  if (!consultationIds.length)
    return new Map()
  const rows = await db.select({ id: consultationComments.consultationId, n: count() }).from(consultationComments).where(and(inArray(consultationComments.consultationId, consultationIds), eq(consultationComments.status, 'published'))).groupBy(consultationComments.consultationId)
  return new Map(rows.map(r => [r.id, Number(r.n)]))
}

async function decisionCounts(db: Db, consultationIds: number[]) {
  const result = new Map<number, { adopted: number, partly: number, notAdopted: number }>()
  if (!consultationIds.length)
    return result
  const rows = await db.select({ id: consultationComments.consultationId, decision: consultationComments.decision, n: count() }).from(consultationComments).where(and(inArray(consultationComments.consultationId, consultationIds), eq(consultationComments.status, 'published'), isNotNull(consultationComments.decision))).groupBy(consultationComments.consultationId, consultationComments.decision)
  for (const r of rows) {
    const entry = result.get(r.id) ?? { adopted: 0, partly: 0, notAdopted: 0 }
    if (r.decision === 'adopted')
      entry.adopted += Number(r.n)
    else if (r.decision === 'partly')
      entry.partly += Number(r.n)
    else
      entry.notAdopted += Number(r.n)
    result.set(r.id, entry)
  }
  return result
}

function toSummary(row: ConsultationRow, now: Date, comments: number, decisions: { adopted: number, partly: number, notAdopted: number } | undefined): ConsultationSummary {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    department: row.department,
    opensAt: row.opensAt.toISOString(),
    closesAt: row.closesAt.toISOString(),
    status: consultationStatus(row, now),
    majorDecision: row.majorDecision,
    commentCount: comments,
    outcome: row.reportPublishedAt
      ? { reportPublishedAt: row.reportPublishedAt.toISOString(), comments, adopted: decisions?.adopted ?? 0, partly: decisions?.partly ?? 0, notAdopted: decisions?.notAdopted ?? 0 }
      : null,
  }
}

/** Open consultations (closing soonest first), upcoming ones, and closed ones (latest first). */
export async function listConsultations(db: Db, now = new Date()): Promise<ConsultationList> {
  const rows = await db.select().from(consultations).orderBy(asc(consultations.closesAt))
  const ids = rows.map(r => r.id)
  const [counts, decisions] = await Promise.all([publishedCounts(db, ids), decisionCounts(db, ids)])
  const all = rows.map(r => toSummary(r, now, counts.get(r.id) ?? 0, decisions.get(r.id)))
  return {
    open: all.filter(c => c.status === 'open'),
    upcoming: all.filter(c => c.status === 'upcoming'),
    closed: all.filter(c => c.status === 'closed' || c.status === 'reported').reverse(),
  }
}

/** The article-by-article comparison of draft and final, paired by anchor, in the final text's order. */
export function compareVersions(draft: VersionWithArticles['articles'], final: VersionWithArticles['articles']): ArticleChange[] {
  const byAnchor = new Map(draft.map(a => [a.anchor, a]))
  const finalAnchors = new Set(final.map(a => a.anchor))
  const changes: ArticleChange[] = []
  const removed = (a: VersionWithArticles['articles'][number]): ArticleChange => ({ anchor: a.anchor, change: 'removed', draftNumber: a.number, finalNumber: null, segments: [{ op: 'del', text: a.text }] })
  let d = 0
  for (const f of final) {
    // draft articles dropped before this point come first, where they stood
    while (d < draft.length && !finalAnchors.has(draft[d]!.anchor))
      changes.push(removed(draft[d++]!))
    const before = byAnchor.get(f.anchor)
    if (before && draft[d]?.anchor === f.anchor)
      d++
    if (!before) {
      changes.push({ anchor: f.anchor, change: 'added', draftNumber: null, finalNumber: f.number, segments: [{ op: 'ins', text: f.text }] })
      continue
    }
    const same = before.text === f.text
    changes.push({ anchor: f.anchor, change: same ? 'same' : 'changed', draftNumber: before.number, finalNumber: f.number, segments: same ? [{ op: 'same', text: f.text }] : diffText(before.text, f.text) })
  }
  while (d < draft.length) {
    if (!finalAnchors.has(draft[d]!.anchor))
      changes.push(removed(draft[d]!))
    d++
  }
  return changes
}

/** One consultation with its current draft (and per-article comment counts), final text and comparison. */
export async function getConsultationDetail(db: Db, id: number, now = new Date()): Promise<ConsultationDetail | undefined> {
  const row = await findConsultation(db, id)
  if (!row)
    return undefined
  const { draft, final } = await loadVersions(db, id)
  if (!draft)
    return undefined
  const perArticle = await db.select({ anchor: consultationComments.articleAnchor, n: count() }).from(consultationComments).where(and(eq(consultationComments.consultationId, id), eq(consultationComments.status, 'published'))).groupBy(consultationComments.articleAnchor)
  const counts = new Map(perArticle.map(r => [r.anchor, Number(r.n)]))
  const total = perArticle.reduce((sum, r) => sum + Number(r.n), 0)
  const decisions = (await decisionCounts(db, [id])).get(id)
  const version = (v: VersionWithArticles, withCounts: boolean): DraftVersion => ({
    ...v,
    publishedAt: v.publishedAt.toISOString(),
    articles: v.articles.map(a => ({ ...a, commentCount: withCounts ? counts.get(a.anchor) ?? 0 : 0 })),
  })
  return {
    ...toSummary(row, now, total, decisions),
    interpretation: row.interpretation,
    documentId: row.documentId,
    wholeDraftCommentCount: counts.get(null) ?? 0,
    draft: version(draft, true),
    final: final ? version(final, false) : null,
    changes: final ? compareVersions(draft.articles, final.articles) : [],
    reportDueOn: reportDueOn(row, final?.publishedAt),
    mainChanges: row.reportPublishedAt ? row.mainChanges : '',
    stages: row.stages,
  }
}

function decisionOf(c: CommentRow, finalNumbers: Map<string, string>): CommentDecisionInfo | null {
  if (!c.decision)
    return null
  return {
    outcome: c.decision,
    reason: c.decisionReason ?? '',
    finalArticleAnchor: c.decisionArticleAnchor,
    finalArticleNumber: c.decisionArticleAnchor ? finalNumbers.get(c.decisionArticleAnchor) ?? null : null,
  }
}

/** Published comments only, oldest first, with replies and (once the report is out) decisions. Never contact. */
export async function listPublicComments(db: Db, consultationId: number, reported: boolean): Promise<PublicComment[]> {
  const rows = await db.select().from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), eq(consultationComments.status, 'published'))).orderBy(asc(consultationComments.createdAt), asc(consultationComments.id))
  const numbers = await articleNumbers(db, consultationId)
  return rows.map(c => ({
    id: c.id,
    articleAnchor: c.articleAnchor,
    articleNumber: c.articleAnchor ? numbers.draft.get(c.articleAnchor) ?? null : null,
    text: c.body,
    commenterType: c.commenterType,
    displayName: c.displayName,
    createdAt: c.createdAt.toISOString(),
    reply: c.reply && c.repliedAt ? { text: c.reply, at: c.repliedAt.toISOString() } : null,
    decision: reported ? decisionOf(c, numbers.final) : null,
  }))
}

// ---------------------------------------------------------------- comments and receipts

const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** YJ-20261124-7K3Q: the Shanghai date and four characters without look-alikes (0/O, 1/I/L). */
export function makeReceiptNumber(now: Date): string {
  let code = ''
  for (let i = 0; i < 4; i++)
    code += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]
  return `YJ-${shanghaiDate(now).replaceAll('-', '')}-${code}`
}

export interface NewComment {
  consultationId: number
  versionId: number
  articleAnchor: string | null
  body: string
  commenterType: CommenterType
  displayName: string | null
  contact: string | null
  consent: boolean
}

/** Stores a pending comment; returns its id, receipt number and the receipt token (only its hash is kept). */
export async function insertComment(db: Db, input: NewComment, now = new Date()) {
  const receiptToken = randomBytes(24).toString('base64url')
  let receiptNumber = makeReceiptNumber(now)
  // 31⁴ ≈ 920,000 numbers a day: a clash is rare, but look before taking one
  for (let tries = 0; tries < 8; tries++) {
    const [taken] = await db.select({ id: consultationComments.id }).from(consultationComments).where(eq(consultationComments.receiptNumber, receiptNumber)).limit(1)
    if (!taken)
      break
    receiptNumber = makeReceiptNumber(now)
  }
  const [row] = await db.insert(consultationComments).values({ ...input, receiptNumber, receiptTokenHash: sha256(receiptToken), createdAt: now }).returning({ id: consultationComments.id })
  return { id: row!.id, receiptNumber, receiptToken }
}

function receiptState(c: Pick<CommentRow, 'decision'> & { status: Exclude<CommentStatus, 'withdrawn'> }, reported: boolean): ReceiptState {
  if (c.status !== 'published')
    return c.status
  return reported && c.decision ? c.decision : 'published'
}

/** A receipt, when the token matches; undefined otherwise (an unknown number and a wrong token look the same). */
export async function getReceipt(db: Db, receiptNumber: string, token: string): Promise<Receipt | undefined> {
  const [found] = await db.select({ c: consultationComments, title: consultations.title, reportPublishedAt: consultations.reportPublishedAt })
    .from(consultationComments)
    .innerJoin(consultations, eq(consultations.id, consultationComments.consultationId))
    .where(eq(consultationComments.receiptNumber, receiptNumber.toUpperCase()))
    .limit(1)
  if (!found || found.c.receiptTokenHash !== sha256(token))
    return undefined
  const { c } = found
  const status = c.status
  // deleted by its author: nothing left to show, and the same answer as an unknown number
  if (status === 'withdrawn')
    return undefined
  const reported = found.reportPublishedAt !== null
  const numbers = await articleNumbers(db, c.consultationId)
  const decision = reported ? decisionOf(c, numbers.final) : null
  const state = receiptState({ status, decision: c.decision }, reported)
  return {
    receiptNumber: c.receiptNumber,
    consultationId: c.consultationId,
    consultationTitle: found.title,
    articleAnchor: c.articleAnchor,
    articleNumber: c.articleAnchor ? numbers.draft.get(c.articleAnchor) ?? null : null,
    text: c.body,
    commenterType: c.commenterType,
    displayName: c.displayName,
    createdAt: c.createdAt.toISOString(),
    state,
    reason: state === 'rejected' ? c.rejectReason : decision && decision.outcome !== 'adopted' ? decision.reason : null,
    reply: c.status === 'published' && c.reply && c.repliedAt ? { text: c.reply, at: c.repliedAt.toISOString() } : null,
    decision,
  }
}

/**
 * The author deletes their comment with the receipt token (PIPL): text, name and contact are erased and it
 * becomes `withdrawn`, which no public list or count includes. The row stays so that the receipt number is
 * not reused and staff see that a comment was withdrawn. Undefined when the number or token is wrong;
 * deleting again answers the same.
 */
export async function withdrawComment(db: Db, receiptNumber: string, token: string): Promise<{ consultationId: number, already: boolean } | undefined> {
  const own = and(eq(consultationComments.receiptNumber, receiptNumber.toUpperCase()), eq(consultationComments.receiptTokenHash, sha256(token)))
  const [done] = await db.update(consultationComments)
    .set({ status: 'withdrawn', body: '', displayName: null, contact: null, consent: false, reportedAt: null })
    .where(and(own, ne(consultationComments.status, 'withdrawn')))
    .returning({ consultationId: consultationComments.consultationId })
  if (done)
    return { consultationId: done.consultationId, already: false }
  const [gone] = await db.select({ consultationId: consultationComments.consultationId }).from(consultationComments).where(own).limit(1)
  return gone && { consultationId: gone.consultationId, already: true }
}

/** 意见采纳情况, once published. */
export async function getReport(db: Db, consultationId: number): Promise<ConsultationReport | undefined> {
  const row = await findConsultation(db, consultationId)
  if (!row?.reportPublishedAt)
    return undefined
  // comments their authors deleted are not counted, as if never sent
  const rows = await db.select().from(consultationComments).where(and(eq(consultationComments.consultationId, consultationId), ne(consultationComments.status, 'withdrawn'))).orderBy(asc(consultationComments.createdAt), asc(consultationComments.id))
  const numbers = await articleNumbers(db, consultationId)
  const { final } = await loadVersions(db, consultationId)
  const published = rows.filter(c => c.status === 'published')
  const byCommenterType: Record<string, number> = { individual: 0, enterprise: 0, association: 0, organisation: 0 }
  for (const c of published)
    byCommenterType[c.commenterType] = (byCommenterType[c.commenterType] ?? 0) + 1
  const comments = published.filter(c => c.decision).map(c => ({
    id: c.id,
    articleNumber: c.articleAnchor ? numbers.draft.get(c.articleAnchor) ?? null : null,
    commenterType: c.commenterType,
    text: c.body,
    decision: decisionOf(c, numbers.final)!,
  }))
  return {
    consultationId,
    title: row.title,
    publishedAt: row.reportPublishedAt.toISOString(),
    dueOn: reportDueOn(row, final?.publishedAt),
    mainChanges: row.mainChanges,
    totals: {
      received: rows.length,
      published: published.length,
      rejected: rows.filter(c => c.status === 'rejected').length,
      adopted: published.filter(c => c.decision === 'adopted').length,
      partly: published.filter(c => c.decision === 'partly').length,
      notAdopted: published.filter(c => c.decision === 'not-adopted').length,
    },
    byCommenterType,
    comments,
  }
}
