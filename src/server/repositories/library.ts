import type { AnsweredQuestion, DocumentExtras, Interpretation, InterpretationSummary, OwnQuestion, TopicBundle, TopicBundleSummary } from '../../shared/schemas/library'
import type { Db } from '../db/client'
import { randomBytes } from 'node:crypto'
import { and, asc, count, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm'
import { tokenize } from '../../shared/tokenizer'
import { documentRelations, documents, helpfulVotes, interpretations, questions, topicBundles } from '../db/schema'
import { sha256 } from '../services/event-secrets'
import { maskContact } from './consultations-admin'

const interpretationSummary = {
  id: interpretations.id,
  documentId: interpretations.documentId,
  documentTitle: documents.title,
  kind: interpretations.kind,
  title: interpretations.title,
  interpreterType: interpretations.interpreterType,
  interpreterName: interpretations.interpreterName,
  publishedAt: interpretations.publishedAt,
}

function toSummary(r: { publishedAt: Date | null } & Omit<InterpretationSummary, 'publishedAt'>): InterpretationSummary {
  return { ...r, publishedAt: (r.publishedAt ?? new Date(0)).toISOString() }
}

/** Recently published interpretations, for the 政策 tab. */
export async function recentInterpretations(db: Db, limit: number): Promise<InterpretationSummary[]> {
  const rows = await db.select(interpretationSummary).from(interpretations).innerJoin(documents, eq(documents.id, interpretations.documentId)).where(and(isNotNull(interpretations.publishedAt), isNotNull(documents.publishedAt))).orderBy(desc(interpretations.publishedAt), desc(interpretations.id)).limit(limit)
  return rows.map(toSummary)
}

export async function getInterpretation(db: Db, id: number): Promise<Interpretation | undefined> {
  const [row] = await db.select({ ...interpretationSummary, sections: interpretations.sections, faq: interpretations.faq, images: interpretations.images, video: interpretations.video, yes: interpretations.helpfulYes, no: interpretations.helpfulNo })
    .from(interpretations)
    .innerJoin(documents, eq(documents.id, interpretations.documentId))
    .where(and(eq(interpretations.id, id), isNotNull(interpretations.publishedAt), isNotNull(documents.publishedAt)))
    .limit(1)
  if (!row)
    return undefined
  const { yes, no, ...rest } = row
  return { ...toSummary(rest), sections: rest.sections, faq: rest.faq, images: rest.images, video: rest.video, helpful: { yes, no } }
}

const answeredColumns = {
  id: questions.id,
  documentId: questions.documentId,
  documentTitle: documents.title,
  text: questions.text,
  displayName: questions.displayName,
  askedAt: questions.createdAt,
  answer: questions.answer,
  answeredBy: questions.answeredBy,
  answeredAt: questions.answeredAt,
  isFaq: questions.isFaq,
  yes: questions.helpfulYes,
  no: questions.helpfulNo,
}
type AnsweredRow = { [K in keyof typeof answeredColumns]: (typeof answeredColumns)[K]['_']['data'] | null }

function toAnswered(r: AnsweredRow): AnsweredQuestion {
  return {
    id: r.id!,
    documentId: r.documentId!,
    documentTitle: r.documentTitle!,
    text: r.text!,
    displayName: r.displayName,
    askedAt: r.askedAt!.toISOString(),
    answer: r.answer ?? '',
    answeredBy: r.answeredBy ?? '',
    answeredAt: (r.answeredAt ?? r.askedAt!).toISOString(),
    isFaq: r.isFaq ?? false,
    helpful: { yes: r.yes ?? 0, no: r.no ?? 0 },
  }
}

/** Relations, interpretations, service links, attachments and answered questions (FAQs first) of a published document. */
export async function getDocumentExtras(db: Db, documentId: number): Promise<DocumentExtras> {
  const [outgoing, incoming, interps, answered, [links]] = await Promise.all([
    db.select({ kind: documentRelations.kind, id: documents.id, title: documents.title, docNumber: documents.docNumber, status: documents.status })
      .from(documentRelations)
      .innerJoin(documents, eq(documents.id, documentRelations.toId))
      .where(and(eq(documentRelations.fromId, documentId), isNotNull(documents.publishedAt))),
    db.select({ kind: documentRelations.kind, id: documents.id, title: documents.title, docNumber: documents.docNumber, status: documents.status })
      .from(documentRelations)
      .innerJoin(documents, eq(documents.id, documentRelations.fromId))
      .where(and(eq(documentRelations.toId, documentId), isNotNull(documents.publishedAt))),
    db.select(interpretationSummary).from(interpretations).innerJoin(documents, eq(documents.id, interpretations.documentId)).where(and(eq(interpretations.documentId, documentId), isNotNull(interpretations.publishedAt))).orderBy(asc(interpretations.publishedAt), asc(interpretations.id)),
    db.select(answeredColumns).from(questions).innerJoin(documents, eq(documents.id, questions.documentId)).where(and(eq(questions.documentId, documentId), eq(questions.status, 'answered'))).orderBy(desc(questions.isFaq), desc(questions.answeredAt)).limit(50),
    db.select({ serviceLinks: documents.serviceLinks, attachments: documents.attachments }).from(documents).where(eq(documents.id, documentId)).limit(1),
  ])
  const inverse = { replaces: 'replaced-by', implements: 'implemented-by', related: 'related' } as const
  return {
    related: [...outgoing, ...incoming.map(r => ({ ...r, kind: inverse[r.kind] }))],
    interpretations: interps.map(toSummary),
    serviceLinks: links?.serviceLinks ?? [],
    attachments: links?.attachments ?? [],
    questions: answered.map(toAnswered),
  }
}

/** Answered questions marked FAQ, across all policies; searched with the shared tokenizer when `q` is given. */
export async function listFaq(db: Db, opts: { q?: string, tokens?: string[], tsquery?: string, limit: number }): Promise<AnsweredQuestion[]> {
  const rows = await db.select(answeredColumns).from(questions).innerJoin(documents, eq(documents.id, questions.documentId)).where(and(eq(questions.isFaq, true), eq(questions.status, 'answered'), isNotNull(documents.publishedAt), opts.tsquery ? sql`${questions.searchVector} @@ to_tsquery('simple', ${opts.tsquery})` : undefined)).orderBy(opts.tsquery ? sql`ts_rank_cd(${questions.searchVector}, to_tsquery('simple', ${opts.tsquery})) desc` : desc(questions.answeredAt), desc(questions.id)).limit(opts.limit)
  return rows.map(toAnswered)
}

/** Receipt numbers residents can read out on the phone: WD-YYYYMMDD-XXXX, no 0/O/1/I. */
export function newReceiptNumber(prefix: string, now: Date): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  const bytes = randomBytes(6)
  const code = [...bytes].map(b => alphabet[b % alphabet.length]).join('')
  return `${prefix}-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${code}`
}

export async function documentIsPublished(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: documents.id }).from(documents).where(and(eq(documents.id, id), isNotNull(documents.publishedAt))).limit(1)
  return Boolean(row)
}

/** Records a question; it stays private until a department answers it. Returns the receipt and its secret. */
export async function insertQuestion(db: Db, input: { documentId: number, text: string, displayName?: string, contact?: string, dueOn: string, now: Date }) {
  const receiptToken = randomBytes(24).toString('base64url')
  const receiptNumber = newReceiptNumber('WD', input.now)
  const [row] = await db.insert(questions).values({
    documentId: input.documentId,
    text: input.text,
    displayName: input.displayName || null,
    contact: input.contact || null,
    receiptNumber,
    receiptTokenHash: sha256(receiptToken),
    dueOn: input.dueOn,
    searchTokens: tokenize(input.text).join(' '),
    createdAt: input.now,
  }).returning({ id: questions.id })
  return { id: row!.id, receiptNumber, receiptToken, status: 'pending' as const, dueOn: input.dueOn }
}

/** One's own question, read back with the receipt token; undefined when the number or token is wrong. */
export async function getOwnQuestion(db: Db, receiptNumber: string, token: string): Promise<OwnQuestion | undefined> {
  const [row] = await db.select({
    receiptNumber: questions.receiptNumber,
    documentId: questions.documentId,
    documentTitle: documents.title,
    text: questions.text,
    status: questions.status,
    dueOn: questions.dueOn,
    answer: questions.answer,
    answeredBy: questions.answeredBy,
    answeredAt: questions.answeredAt,
    rejectReason: questions.rejectReason,
  }).from(questions).innerJoin(documents, eq(documents.id, questions.documentId)).where(and(eq(questions.receiptNumber, receiptNumber), eq(questions.receiptTokenHash, sha256(token)), ne(questions.status, 'withdrawn'))).limit(1)
  return row ? { ...row, status: row.status as OwnQuestion['status'], answeredAt: row.answeredAt?.toISOString() ?? null } : undefined
}

/**
 * The asker deletes their question (PIPL), with the token their device kept: what they wrote (the text, their
 * name and contact) and the answer to it are erased, it leaves the FAQ and search, and it becomes `withdrawn`,
 * which no public list, staff queue or count includes; a pending one is no longer due. The row stays so the
 * receipt number is not reused. Undefined when the number or token is wrong; deleting again answers the same.
 */
export async function withdrawQuestion(db: Db, receiptNumber: string, token: string): Promise<{ documentId: number, already: boolean } | undefined> {
  const own = and(eq(questions.receiptNumber, receiptNumber), eq(questions.receiptTokenHash, sha256(token)))
  const [done] = await db.update(questions)
    .set({ status: 'withdrawn', text: '', displayName: null, contact: null, answer: null, answeredBy: null, rejectReason: null, isFaq: false, searchTokens: '' })
    .where(and(own, ne(questions.status, 'withdrawn')))
    .returning({ documentId: questions.documentId })
  if (done)
    return { documentId: done.documentId, already: false }
  const [gone] = await db.select({ documentId: questions.documentId }).from(questions).where(own).limit(1)
  return gone && { documentId: gone.documentId, already: true }
}

/** What the asker gave to be reached at, in full (staff see it masked): shown through `auditedReveal`. */
export async function questionContact(db: Db, id: number): Promise<string | null | undefined> {
  const [row] = await db.select({ contact: questions.contact }).from(questions).where(and(eq(questions.id, id), ne(questions.status, 'withdrawn'))).limit(1)
  return row?.contact
}

/** The staff queue: open questions by deadline, with the document they concern; contact details masked, as for comments. */
export async function questionQueue(db: Db, opts: { status: 'pending' | 'answered' | 'rejected', limit: number }) {
  const rows = await db.select({
    id: questions.id,
    documentId: questions.documentId,
    documentTitle: documents.title,
    text: questions.text,
    displayName: questions.displayName,
    contact: questions.contact,
    receiptNumber: questions.receiptNumber,
    simple: questions.simple,
    dueOn: questions.dueOn,
    answer: questions.answer,
    answeredBy: questions.answeredBy,
    isFaq: questions.isFaq,
    createdAt: questions.createdAt,
  }).from(questions).innerJoin(documents, eq(documents.id, questions.documentId)).where(eq(questions.status, opts.status)).orderBy(opts.status === 'pending' ? asc(questions.dueOn) : desc(questions.answeredAt), asc(questions.id)).limit(opts.limit)
  return rows.map(r => ({ ...r, status: opts.status, contact: maskContact(r.contact) }))
}

/** Publishes a department's answer (the question becomes public with it). */
export async function answerQuestion(db: Db, id: number, input: { answer: string, answeredBy: string, isFaq: boolean, now: Date }): Promise<boolean> {
  const [q] = await db.select({ text: questions.text }).from(questions).where(eq(questions.id, id)).limit(1)
  if (!q)
    return false
  const rows = await db.update(questions).set({
    status: 'answered',
    answer: input.answer,
    answeredBy: input.answeredBy,
    answeredAt: input.now,
    isFaq: input.isFaq,
    rejectReason: null,
    searchTokens: tokenize(`${q.text}\n${input.answer}`).join(' '),
    // a question its asker deleted (withdrawQuestion) is gone for staff too, even from a queue opened before
  }).where(and(eq(questions.id, id), ne(questions.status, 'withdrawn'))).returning({ id: questions.id })
  return rows.length > 0
}

export async function rejectQuestion(db: Db, id: number, reason: string): Promise<boolean> {
  const rows = await db.update(questions).set({ status: 'rejected', rejectReason: reason }).where(and(eq(questions.id, id), ne(questions.status, 'withdrawn'))).returning({ id: questions.id })
  return rows.length > 0
}

export async function setFaq(db: Db, id: number, isFaq: boolean): Promise<boolean> {
  const rows = await db.update(questions).set({ isFaq }).where(and(eq(questions.id, id), eq(questions.status, 'answered'))).returning({ id: questions.id })
  return rows.length > 0
}

/**
 * Counts 有用 / 没用 once per device: the vote row is the guard, the counter moves only when it was new.
 * Returns the counts, or undefined when there is no such published target.
 */
export async function voteHelpful(db: Db, target: { kind: 'interpretation' | 'question', id: number }, deviceId: string, helpful: boolean) {
  return db.transaction(async (tx) => {
    const table = target.kind === 'interpretation' ? interpretations : questions
    // only what residents can see is voted on: a published interpretation, an answered question
    const shown = target.kind === 'interpretation' ? isNotNull(interpretations.publishedAt) : eq(questions.status, 'answered')
    const [exists] = await tx.select({ id: table.id }).from(table).where(and(eq(table.id, target.id), shown)).limit(1)
    if (!exists)
      return undefined
    const inserted = await tx.insert(helpfulVotes).values({ targetKind: target.kind, targetId: target.id, deviceHash: sha256(deviceId), helpful }).onConflictDoNothing().returning()
    const column = helpful ? table.helpfulYes : table.helpfulNo
    const [counts] = inserted.length
      ? await tx.update(table).set({ [helpful ? 'helpfulYes' : 'helpfulNo']: sql`${column} + 1` }).where(eq(table.id, target.id)).returning({ yes: table.helpfulYes, no: table.helpfulNo })
      : await tx.select({ yes: table.helpfulYes, no: table.helpfulNo }).from(table).where(eq(table.id, target.id))
    return { yes: counts!.yes, no: counts!.no, counted: inserted.length > 0 }
  })
}

export async function listBundles(db: Db): Promise<TopicBundleSummary[]> {
  const rows = await db.select().from(topicBundles).where(isNotNull(topicBundles.publishedAt)).orderBy(asc(topicBundles.id))
  return rows.map(b => ({ id: b.id, slug: b.slug, title: b.title, summary: b.summary, itemCount: b.items.length }))
}

/** A bundle with its items' current titles (a document that is no longer published drops out). */
export async function getBundle(db: Db, slug: string): Promise<TopicBundle | undefined> {
  const [b] = await db.select().from(topicBundles).where(and(eq(topicBundles.slug, slug), isNotNull(topicBundles.publishedAt))).limit(1)
  if (!b)
    return undefined
  const docIds = b.items.filter(i => i.kind === 'document' && i.refId).map(i => i.refId!)
  const live = docIds.length
    ? new Map((await db.select({ id: documents.id, title: documents.title }).from(documents).where(and(inArray(documents.id, docIds), isNotNull(documents.publishedAt)))).map(d => [d.id, d.title]))
    : new Map<number, string>()
  const items = b.items
    .filter(i => i.kind !== 'document' || (i.refId && live.has(i.refId)))
    .map(i => ({ ...i, title: i.kind === 'document' ? live.get(i.refId!)! : i.title ?? '' }))
  return { id: b.id, slug: b.slug, title: b.title, summary: b.summary, items, updatedAt: b.updatedAt.toISOString() }
}

/** 多元化解读率: the share of published interpretations that are not plain text (the plans set ≥ 60 %). */
export async function interpretationMix(db: Db) {
  const rows = await db.select({ kind: interpretations.kind, n: count() }).from(interpretations).where(isNotNull(interpretations.publishedAt)).groupBy(interpretations.kind)
  const total = rows.reduce((s, r) => s + Number(r.n), 0)
  const nonText = rows.filter(r => r.kind !== 'text').reduce((s, r) => s + Number(r.n), 0)
  return { total, nonText, share: total ? nonText / total : 0 }
}

/** Open questions and how many of them are past their deadline, for the staff dashboard (one count). */
export async function pendingQuestionCounts(db: Db, today: string): Promise<{ pending: number, overdue: number }> {
  const [row] = await db.select({ pending: count(), overdue: sql<number>`count(*) filter (where ${questions.dueOn} < ${today})::int` })
    .from(questions)
    .where(eq(questions.status, 'pending'))
  return { pending: Number(row?.pending ?? 0), overdue: Number(row?.overdue ?? 0) }
}

/**
 * Triage: a simple question is due 1 working day after it arrived, any other 5. Returns the new due date,
 * or undefined when there is no open question with that id.
 */
export async function setSimple(db: Db, id: number, simple: boolean, dueOnFor: (askedAt: Date, days: number) => string): Promise<string | undefined> {
  const [q] = await db.select({ createdAt: questions.createdAt }).from(questions).where(and(eq(questions.id, id), eq(questions.status, 'pending'))).limit(1)
  if (!q)
    return undefined
  const dueOn = dueOnFor(q.createdAt, simple ? 1 : 5)
  await db.update(questions).set({ simple, dueOn }).where(eq(questions.id, id))
  return dueOn
}
