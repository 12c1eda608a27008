import type { Db } from '../db/client'
import { lt, sql } from 'drizzle-orm'
import { executePrepared } from '../db/client'
import { publicWriteCounters } from '../db/schema'

/**
 * Counts one hit in each bucket's current fixed window, in one statement (buckets in a fixed order, so
 * concurrent writers never deadlock), and answers the hits now in each. It runs before every public write,
 * so it is a prepared statement (one per number of buckets: a write kind always checks the same ones).
 */
export async function countHits(db: Db, buckets: Array<{ bucket: string, windowStart: Date }>): Promise<Map<string, number>> {
  const values = [...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket)).map(b => sql`(${b.bucket}, ${b.windowStart.toISOString()}::timestamptz, 1)`)
  const { rows } = await executePrepared<{ bucket: string, hits: number }>(db, 'count-hits', sql`insert into ${publicWriteCounters} (bucket, window_start, hits)
    values ${sql.join(values, sql`, `)}
    on conflict (bucket, window_start) do update set hits = ${publicWriteCounters}.hits + 1
    returning bucket, hits`)
  return new Map(rows.map(r => [r.bucket, Number(r.hits)]))
}

/** Forgets counter windows that ended before `before` (hourly maintenance). */
export async function purgeWriteCounters(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(publicWriteCounters).where(lt(publicWriteCounters.windowStart, before)).returning({ bucket: publicWriteCounters.bucket })
  return rows.length
}
