import type { Db } from '../db/client'
import { and, count, eq, inArray } from 'drizzle-orm'
import { commentReports, consultationComments } from '../db/schema'

/** Reports from this many different devices take a published comment off the public page until a moderator looks. */
const REPORTS_TO_HIDE = 3

/**
 * Records a device's report of a published comment (once per device: a second report changes nothing) and
 * hides the comment, back to the moderation queue, when enough different devices have reported it. The
 * comment row is locked first, so concurrent reports are counted one after another. Undefined when there
 * is no such comment on the public page (or hidden by reports).
 */
export async function reportComment(db: Db, consultationId: number, commentId: number, deviceHash: string, now: Date): Promise<{ hidden: boolean } | undefined> {
  return db.transaction(async (tx) => {
    const [comment] = await tx.select({ status: consultationComments.status, reportedAt: consultationComments.reportedAt })
      .from(consultationComments)
      .where(and(eq(consultationComments.id, commentId), eq(consultationComments.consultationId, consultationId)))
      .for('update')
    const hiddenByReports = comment?.status === 'pending' && comment.reportedAt !== null
    if (!comment || (comment.status !== 'published' && !hiddenByReports))
      return undefined
    await tx.insert(commentReports).values({ commentId, deviceHash, createdAt: now }).onConflictDoNothing()
    if (hiddenByReports)
      return { hidden: true }
    const [open] = await tx.select({ n: count() }).from(commentReports).where(and(eq(commentReports.commentId, commentId), eq(commentReports.cleared, false)))
    if (Number(open?.n ?? 0) < REPORTS_TO_HIDE)
      return { hidden: false }
    await tx.update(consultationComments).set({ status: 'pending', reportedAt: now }).where(eq(consultationComments.id, commentId))
    return { hidden: true }
  })
}

/** Reports a moderator has not yet looked at, per comment. */
export async function openReportCounts(db: Db, commentIds: number[]): Promise<Map<number, number>> {
  if (!commentIds.length)
    return new Map()
  const rows = await db.select({ id: commentReports.commentId, n: count() }).from(commentReports).where(and(inArray(commentReports.commentId, commentIds), eq(commentReports.cleared, false))).groupBy(commentReports.commentId)
  return new Map(rows.map(r => [r.id, Number(r.n)]))
}

/** A moderator has looked at these comments (restored or removed them): their reports no longer count. */
export async function clearReports(db: Db, commentIds: number[]): Promise<void> {
  if (!commentIds.length)
    return
  await db.update(commentReports).set({ cleared: true }).where(and(inArray(commentReports.commentId, commentIds), eq(commentReports.cleared, false)))
  await db.update(consultationComments).set({ reportedAt: null }).where(inArray(consultationComments.id, commentIds))
}
