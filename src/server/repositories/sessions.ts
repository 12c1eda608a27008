import type { Db } from '../db/client'
import { randomBytes } from 'node:crypto'
import { and, eq, gt, lt, or } from 'drizzle-orm'
import { staff, staffSessions } from '../db/schema'
import { sha256 } from '../services/event-secrets'

export interface SessionPolicy { idleMinutes: number, maxHours: number }

/** A session that has passed the password but not yet the second factor lasts this long at most. */
const PENDING_SESSION_MINUTES = 10

// Writing last_seen_at on every request would turn each read into a write; a minute's slack is enough
// for a 30-minute idle limit.
const TOUCH_AFTER_MS = 60_000

/**
 * Starts a session: returns the token for the cookie (256 random bits); only its hash is stored. A session
 * without `secondFactor` is half signed in: it can only finish the sign-in, and ends in 10 minutes.
 */
export async function createSession(db: Db, staffId: number, policy: SessionPolicy, now = new Date(), secondFactor = true): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const lifetimeMs = secondFactor ? policy.maxHours * 3_600_000 : PENDING_SESSION_MINUTES * 60_000
  await db.insert(staffSessions).values({
    tokenHash: sha256(token),
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetimeMs),
    secondFactorAt: secondFactor ? now : null,
  })
  return token
}

type SessionStage = 'signed-in' | 'second-factor'

/**
 * The staff member behind a live session at the given stage, or undefined when it is unknown, idle too
 * long, past its end, or at the other stage (a half-signed-in session opens nothing but the second step).
 */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy, now = new Date(), stage: SessionStage = 'signed-in') {
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000)
  const [row] = await db
    .select({ tokenHash: staffSessions.tokenHash, lastSeenAt: staffSessions.lastSeenAt, secondFactorAt: staffSessions.secondFactorAt, staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, sha256(token)), gt(staffSessions.expiresAt, now), gt(staffSessions.lastSeenAt, idleSince)))
    .limit(1)
  if (!row || row.staff.disabledAt || (row.secondFactorAt === null) !== (stage === 'second-factor'))
    return undefined
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, row.tokenHash))
  return row.staff
}

/** Ends one session; answers whose it was (undefined when the token named none). */
export async function deleteSession(db: Db, token: string): Promise<number | undefined> {
  const [ended] = await db.delete(staffSessions).where(eq(staffSessions.tokenHash, sha256(token))).returning({ staffId: staffSessions.staffId })
  return ended?.staffId
}

/** Ends every session of one staff member (second factor reset, password changed or reset, account disabled). */
export async function deleteSessionsOf(db: Db, staffId: number): Promise<number> {
  const rows = await db.delete(staffSessions).where(eq(staffSessions.staffId, staffId)).returning({ staffId: staffSessions.staffId })
  return rows.length
}

/** Removes sessions that can no longer be used. */
export async function purgeSessions(db: Db, policy: SessionPolicy, now = new Date()): Promise<void> {
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000)
  await db.delete(staffSessions).where(or(lt(staffSessions.expiresAt, now), lt(staffSessions.lastSeenAt, idleSince)))
}
