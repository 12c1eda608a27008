import type { AdminProposal, FeedbackBody, FeedbackSummary, Proposal, ProposalBody } from '../../shared/schemas/events-extras'
import type { Db } from '../db/client'
import { and, desc, eq, sql } from 'drizzle-orm'
import { eventFeedback, eventProposals, eventProposalSupports, events } from '../db/schema'
import { HttpProblem } from '../problems'

// 专项反馈, the questionnaire after an event, and theme proposals before open month.

/** Publishes (or corrects) the event's 专项反馈. */
export async function publishReport(db: Db, eventId: number, heard: string, actions: string, now: Date): Promise<boolean> {
  const rows = await db.update(events).set({ reportHeard: heard, reportActions: actions, reportPublishedAt: now, updatedAt: now }).where(eq(events.id, eventId)).returning({ id: events.id })
  return rows.length > 0
}

/** Records the questionnaire of one who attended, once, after the event has ended. */
export async function saveFeedback(db: Db, reg: { id: number, eventId: number, checkedInAt: Date | null }, endsAt: Date, body: FeedbackBody, now: Date) {
  if (!reg.checkedInAt)
    throw new HttpProblem('conflict', { detail: { zh: '问卷只请到场参加的居民填写。', en: 'The questionnaire is for those who attended.' } })
  if (now < endsAt)
    throw new HttpProblem('conflict', { detail: { zh: '活动结束后才能填写问卷。', en: 'The questionnaire opens when the event has ended.' } })
  const rows = await db.insert(eventFeedback).values({ eventId: reg.eventId, registrationId: reg.id, overall: body.overall, usefulness: body.usefulness, organisation: body.organisation, comment: body.comment, createdAt: now }).onConflictDoNothing().returning({ id: eventFeedback.id })
  if (rows.length === 0)
    throw new HttpProblem('conflict', { detail: { zh: '您已填写过本场活动的问卷，谢谢！', en: 'You have already answered this questionnaire. Thank you!' } })
}

/** Questionnaire results for staff: averages and the comments, newest first. */
export async function feedbackSummary(db: Db, eventId: number): Promise<FeedbackSummary> {
  const [agg] = await db.select({
    count: sql<number>`count(*)::int`,
    overall: sql<string | null>`round(avg(${eventFeedback.overall}), 2)::text`,
    usefulness: sql<string | null>`round(avg(${eventFeedback.usefulness}), 2)::text`,
    organisation: sql<string | null>`round(avg(${eventFeedback.organisation}), 2)::text`,
  }).from(eventFeedback).where(eq(eventFeedback.eventId, eventId))
  const comments = await db.select({ comment: eventFeedback.comment, overall: eventFeedback.overall, createdAt: eventFeedback.createdAt }).from(eventFeedback).where(and(eq(eventFeedback.eventId, eventId), sql`${eventFeedback.comment} <> ''`)).orderBy(desc(eventFeedback.createdAt)).limit(200)
  const num = (v: string | null | undefined) => v === null || v === undefined ? null : Number(v)
  return {
    count: Number(agg?.count ?? 0),
    overall: num(agg?.overall),
    usefulness: num(agg?.usefulness),
    organisation: num(agg?.organisation),
    comments: comments.map(c => ({ ...c, createdAt: c.createdAt.toISOString() })),
  }
}

const proposalOut = (p: typeof eventProposals.$inferSelect): Proposal => ({ id: p.id, district: p.district, title: p.title, body: p.body, supportCount: p.supportCount, createdAt: p.createdAt.toISOString() })

/** Published proposals, most supported first. */
export async function listProposals(db: Db): Promise<Proposal[]> {
  const rows = await db.select().from(eventProposals).where(eq(eventProposals.status, 'published')).orderBy(desc(eventProposals.supportCount), desc(eventProposals.id)).limit(200)
  return rows.map(proposalOut)
}

export async function adminProposals(db: Db): Promise<AdminProposal[]> {
  const rows = await db.select().from(eventProposals).orderBy(sql`case ${eventProposals.status} when 'pending' then 0 when 'published' then 1 else 2 end`, desc(eventProposals.supportCount), desc(eventProposals.id)).limit(500)
  return rows.map(p => ({ ...proposalOut(p), status: p.status }))
}

export async function createProposal(db: Db, body: ProposalBody, now: Date): Promise<{ id: number, status: 'pending' }> {
  const [row] = await db.insert(eventProposals).values({ district: body.district, title: body.title, body: body.body, createdAt: now }).returning({ id: eventProposals.id })
  return { id: row!.id, status: 'pending' }
}

/** One support per device: a second one changes nothing. The count is kept on the proposal in the same transaction. */
export async function supportProposal(db: Db, proposalId: number, supporterHash: string): Promise<{ supportCount: number, supported: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [p] = await tx.select({ id: eventProposals.id }).from(eventProposals).where(and(eq(eventProposals.id, proposalId), eq(eventProposals.status, 'published')))
    if (!p)
      return undefined
    const added = await tx.insert(eventProposalSupports).values({ proposalId, supporterHash }).onConflictDoNothing().returning({ id: eventProposalSupports.proposalId })
    const [row] = added.length
      ? await tx.update(eventProposals).set({ supportCount: sql`${eventProposals.supportCount} + 1` }).where(eq(eventProposals.id, proposalId)).returning({ n: eventProposals.supportCount })
      : await tx.select({ n: eventProposals.supportCount }).from(eventProposals).where(eq(eventProposals.id, proposalId))
    return { supportCount: row!.n, supported: true }
  })
}

export async function moderateProposal(db: Db, id: number, decision: 'publish' | 'reject', staffId: number | null, now: Date): Promise<boolean> {
  const rows = await db.update(eventProposals).set({ status: decision === 'publish' ? 'published' : 'rejected', moderatedAt: now, moderatedBy: staffId }).where(eq(eventProposals.id, id)).returning({ id: eventProposals.id })
  return rows.length > 0
}
