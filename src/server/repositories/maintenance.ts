import type { Db } from '../db/client'
import { lt } from 'drizzle-orm'
import { idempotencyKeys } from '../db/schema'

/** Forgets stored answers to idempotent writes older than `before` (they can hold receipt and manage tokens). */
export async function purgeIdempotencyKeys(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, before)).returning({ key: idempotencyKeys.key })
  return rows.length
}
