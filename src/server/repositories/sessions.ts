import type { Db } from '../db/client'
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, lt, or } from 'drizzle-orm'
import { staff, staffSessions } from '../db/schema'

export interface SessionPolicy { idleMinutes: number, maxHours: number }

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex')

// Writing last_seen_at on every request would turn each read into a write; a minute's slack is enough
// for a 30-minute idle limit.
const TOUCH_AFTER_MS = 60_000

/** Starts a session: returns the token for the cookie (256 random bits); only its hash is stored. */
export async function createSession(db: Db, staffId: number, policy: SessionPolicy, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  await db.insert(staffSessions).values({
    tokenHash: sha256(token),
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + policy.maxHours * 3_600_000),
  })
  return token
}

/** The staff member behind a live session, or undefined when it is unknown, idle too long or past its end. */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy, now = new Date()) {
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000)
  const [row] = await db
    .select({ tokenHash: staffSessions.tokenHash, lastSeenAt: staffSessions.lastSeenAt, staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, sha256(token)), gt(staffSessions.expiresAt, now), gt(staffSessions.lastSeenAt, idleSince)))
    .limit(1)
  if (!row || row.staff.disabledAt)
    return undefined
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, row.tokenHash))
  return row.staff
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.delete(staffSessions).where(eq(staffSessions.tokenHash, sha256(token)))
}

/** Removes sessions that can no longer be used. */
export async function purgeSessions(db: Db, policy: SessionPolicy, now = new Date()): Promise<void> {
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000)
  await db.delete(staffSessions).where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleSince)))
}
