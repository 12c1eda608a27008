import type { Db } from '../db/client'
import { and, inArray, isNotNull, lt, ne, sql } from 'drizzle-orm'
import { auditLog, consultationComments, consultations, idempotencyKeys, questions } from '../db/schema'
import { AUDIT_MIN_RETENTION_DAYS } from '../services/audit'

/** Forgets stored answers to idempotent writes older than `before` (they can hold receipt and manage tokens). */
export async function purgeIdempotencyKeys(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key })
  return rows.length
}

/**
 * Removes the contact details residents left with a question once it has been settled for `days`: the
 * question form promises deletion 30 days after the answer (PIPL: kept no longer than the purpose needs).
 */
export async function purgeQuestionContacts(db: Db, now: Date, days = 30): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000)
  const rows = await db.update(questions).set({ contact: null }).where(and(isNotNull(questions.contact), ne(questions.status, 'pending'), lt(questions.answeredAt, before))).returning({ id: questions.id })
  return rows.length
}

/** Contact details left with a consultation comment are kept this long after the report (意见采纳情况) is published. */
const CONSULTATION_CONTACT_DAYS = 30

/**
 * Deletes the contact details (and the consent that went with them) left with consultation comments, 30 days
 * after the consultation's report was published: the comment form promises it (PIPL: kept no longer than the
 * purpose needs). Run by the hourly maintenance; returns how many comments were cleared.
 */
export async function purgeConsultationContacts(db: Db, now: Date, days = CONSULTATION_CONTACT_DAYS): Promise<number> {
  const before = new Date(now.getTime() - days * 86_400_000)
  const expired = db.select({ id: consultations.id }).from(consultations).where(and(isNotNull(consultations.reportPublishedAt), lt(consultations.reportPublishedAt, before)))
  const rows = await db.update(consultationComments).set({ contact: null, consent: false }).where(and(isNotNull(consultationComments.contact), inArray(consultationComments.consultationId, expired))).returning({ id: consultationComments.id })
  return rows.length
}

/**
 * Deletes audit rows older than `days` (at least AUDIT_MIN_RETENTION_DAYS). Never a row the database itself
 * holds younger than that, whatever the app clock says: the trigger would refuse the whole statement.
 */
export async function purgeAuditLog(db: Db, now: Date, days: number): Promise<number> {
  const before = new Date(now.getTime() - Math.max(days, AUDIT_MIN_RETENTION_DAYS) * 86_400_000)
  const rows = await db.delete(auditLog).where(and(lt(auditLog.at, before), sql`${auditLog.at} < now() - make_interval(days => ${AUDIT_MIN_RETENTION_DAYS})`)).returning({ id: auditLog.id })
  return rows.length
}
