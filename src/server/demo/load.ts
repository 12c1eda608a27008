import type { Db } from '../db/client'
import { meta } from '../db/schema'
import { seedConsultations } from './consultations'
import { seedDocuments } from './documents'
import { seedEvents } from './events'
import { seedLibrary } from './library'

export interface Seeded { loaded: boolean, summary: string }

// Each feature's demo content, in order; each returns a short line for the start banner.
const SEEDERS: Array<(db: Db, now: Date) => Promise<string>> = [
  seedDocuments,
  seedLibrary,
  seedConsultations,
  seedEvents,
]

/**
 * Loads the demo content on the first start only. The marker row is claimed first, in the same
 * transaction, so two processes starting together on one PostgreSQL database load it once.
 */
export async function loadDemoContent(db: Db, now = new Date()): Promise<Seeded> {
  return db.transaction(async (tx) => {
    const claimed = await tx.insert(meta).values({ key: 'demo-content', value: { loadedAt: now.toISOString() } }).onConflictDoNothing().returning()
    if (claimed.length === 0)
      return { loaded: false, summary: '' }
    const lines: string[] = []
    for (const seed of SEEDERS)
      lines.push(await seed(tx as unknown as Db, now))
    return { loaded: true, summary: lines.join('; ') }
  })
}
