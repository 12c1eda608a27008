import type { Db } from '../db/client'
import { and, isNotNull, lt, ne } from 'drizzle-orm'
import { idempotencyKeys, questions } from '../db/schema'

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
