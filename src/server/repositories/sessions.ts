import type { Db } from '../db/client'
import type { SessionDevice } from '../services/session-device'
import { randomBytes } from 'node:crypto'
import { and, desc, eq, gt, isNotNull, lt, ne, or } from 'drizzle-orm'
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
 * without `secondFactor` is half signed in: it can only finish the sign-in, and ends in 10 minutes. `device`
 * is what the owner's list of sessions will say of it.
 */
export async function createSession(db: Db, staffId: number, policy: SessionPolicy, now = new Date(), secondFactor = true, device?: SessionDevice): Promise<string> {
  const token = randomBytes(32).toString('base64url')
  const lifetimeMs = secondFactor ? policy.maxHours * 3_600_000 : PENDING_SESSION_MINUTES * 60_000
  await db.insert(staffSessions).values({
    tokenHash: sha256(token),
    staffId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + lifetimeMs),
    secondFactorAt: secondFactor ? now : null,
    ...device,
  })
  return token
}

type SessionStage = 'signed-in' | 'second-factor'

/** Sessions still usable at `now`: before their end, and not idle past the limit. */
function live(policy: SessionPolicy, now: Date) {
  const idleSince = new Date(now.getTime() - policy.idleMinutes * 60_000)
  return and(gt(staffSessions.expiresAt, now), gt(staffSessions.lastSeenAt, idleSince))
}

/**
 * The staff member behind a live session at the given stage, and the session's id, or undefined when it is
 * unknown, idle too long, past its end, or at the other stage (a half-signed-in session opens nothing but the
 * second step).
 */
export async function resolveSession(db: Db, token: string, policy: SessionPolicy, now = new Date(), stage: SessionStage = 'signed-in') {
  const [row] = await db
    .select({ id: staffSessions.id, tokenHash: staffSessions.tokenHash, lastSeenAt: staffSessions.lastSeenAt, secondFactorAt: staffSessions.secondFactorAt, staff })
    .from(staffSessions)
    .innerJoin(staff, eq(staff.id, staffSessions.staffId))
    .where(and(eq(staffSessions.tokenHash, sha256(token)), live(policy, now)))
    .limit(1)
  if (!row || row.staff.disabledAt || (row.secondFactorAt === null) !== (stage === 'second-factor'))
    return undefined
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS)
    await db.update(staffSessions).set({ lastSeenAt: now }).where(eq(staffSessions.tokenHash, row.tokenHash))
  return { member: row.staff, sessionId: row.id }
}

/**
 * A staff member's live, fully signed-in sessions, the most recently used first: their id, device, start and
 * last use (to the minute: `last_seen_at` is written at most once a minute). Never the token's hash.
 */
export async function listSessionsOf(db: Db, staffId: number, policy: SessionPolicy, now = new Date()) {
  return db
    .select({ id: staffSessions.id, browser: staffSessions.browser, system: staffSessions.system, createdAt: staffSessions.createdAt, lastSeenAt: staffSessions.lastSeenAt })
    .from(staffSessions)
    .where(and(eq(staffSessions.staffId, staffId), isNotNull(staffSessions.secondFactorAt), live(policy, now)))
    .orderBy(desc(staffSessions.lastSeenAt), desc(staffSessions.id))
}

/** Ends one of a staff member's sessions by its id; false when they have no session with that id. */
export async function deleteSessionOf(db: Db, staffId: number, sessionId: number): Promise<boolean> {
  const rows = await db.delete(staffSessions).where(and(eq(staffSessions.id, sessionId), eq(staffSessions.staffId, staffId))).returning({ id: staffSessions.id })
  return rows.length === 1
}

/** Ends every session of a staff member but one (`keep`, the one asking); answers how many ended. */
export async function deleteOtherSessionsOf(db: Db, staffId: number, keep: number): Promise<number> {
  const rows = await db.delete(staffSessions).where(and(eq(staffSessions.staffId, staffId), ne(staffSessions.id, keep))).returning({ id: staffSessions.id })
  return rows.length
}

/** Ends every session of every staff member but one (`keep`, the admin's asking); answers how many sessions, of how many people. */
export async function deleteAllSessionsBut(db: Db, keep: number): Promise<{ sessions: number, staff: number }> {
  const rows = await db.delete(staffSessions).where(ne(staffSessions.id, keep)).returning({ staffId: staffSessions.staffId })
  return { sessions: rows.length, staff: new Set(rows.map(r => r.staffId)).size }
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
