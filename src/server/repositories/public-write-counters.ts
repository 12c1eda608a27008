import type { Db } from '../db/client'
import { lt, sql } from 'drizzle-orm'
import { publicWriteCounters } from '../db/schema'

/**
 * Counts one hit in each bucket's current fixed window, in one statement (buckets in a fixed order, so
 * concurrent writers never deadlock), and answers the hits now in each.
 */
export async function countHits(db: Db, buckets: Array<{ bucket: string, windowStart: Date }>): Promise<Map<string, number>> {
  const rows = await db.insert(publicWriteCounters)
    .values([...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket)).map(b => ({ ...b, hits: 1 })))
    .onConflictDoUpdate({ target: [publicWriteCounters.bucket, publicWriteCounters.windowStart], set: { hits: sql`${publicWriteCounters.hits} + 1` } })
    .returning({ bucket: publicWriteCounters.bucket, hits: publicWriteCounters.hits })
  return new Map(rows.map(r => [r.bucket, r.hits]))
}

/** Forgets counter windows that ended before `before` (hourly maintenance). */
export async function purgeWriteCounters(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(publicWriteCounters).where(lt(publicWriteCounters.windowStart, before)).returning({ bucket: publicWriteCounters.bucket })
  return rows.length
}
