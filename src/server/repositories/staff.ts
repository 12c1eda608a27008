import type { StaffRole } from '../../shared/constants'
import type { Db } from '../db/client'
import { and, asc, count, eq, inArray, isNull, lt, or, sql } from 'drizzle-orm'
import { staff, staffRecoveryCodes } from '../db/schema'

export type StaffRow = typeof staff.$inferSelect

export async function findStaffByEmail(db: Db, email: string): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(sql`lower(${staff.email}) = lower(${email})`).limit(1)
  return row
}

export async function countStaff(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staff)
  return Number(row?.n ?? 0)
}

/** The admins who are not disabled, first made first, with when their temporary password stops working. */
export function enabledAdmins(db: Db): Promise<Array<{ id: number, email: string, temporaryPasswordExpiresAt: Date | null }>> {
  return db.select({ id: staff.id, email: staff.email, temporaryPasswordExpiresAt: staff.temporaryPasswordExpiresAt }).from(staff).where(and(eq(staff.role, 'admin'), isNull(staff.disabledAt))).orderBy(asc(staff.id))
}

export interface NewStaff { email: string, displayName: string, role: StaffRole, passwordHash: string, totpSecret?: string, totpEnrolledAt?: Date, temporary?: TemporaryPassword }

/** A password someone else set: from when it must be changed, and until when it opens the account at all. */
export interface TemporaryPassword { mustChangeAt: Date, expiresAt: Date }

/** The columns a password's being temporary (or not: null) sets. */
const temporaryColumns = (t: TemporaryPassword | null) => ({ passwordMustChangeAt: t?.mustChangeAt ?? null, temporaryPasswordExpiresAt: t?.expiresAt ?? null })

export async function createStaff(db: Db, input: NewStaff): Promise<StaffRow> {
  const { temporary, ...values } = input
  const [row] = await db.insert(staff).values({ ...values, ...temporaryColumns(temporary ?? null) }).returning()
  return row!
}

export async function findStaffById(db: Db, id: number): Promise<StaffRow | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id)).limit(1)
  return row
}

/** Every staff account, for the admin's list (no secrets, no password hashes). */
export async function listStaff(db: Db) {
  return db.select({ id: staff.id, email: staff.email, displayName: staff.displayName, role: staff.role, createdAt: staff.createdAt, disabledAt: staff.disabledAt, totpEnrolledAt: staff.totpEnrolledAt, passwordMustChangeAt: staff.passwordMustChangeAt, temporaryPasswordExpiresAt: staff.temporaryPasswordExpiresAt })
    .from(staff)
    .orderBy(asc(staff.id))
}

/**
 * Locks these staff members' rows until the transaction ends, in id order (so two admins acting on each other
 * never deadlock), and answers when each was disabled (null: enabled). A missing id is not in the map. `for no
 * key update`, not `for update`: an audit row naming a locked member (its foreign key takes `for key share`)
 * must not wait for it, or an admin disabling another while that one resets the first would deadlock.
 */
export async function lockStaff(db: Db, ids: number[]): Promise<Map<number, Date | null>> {
  const rows = await db.select({ id: staff.id, disabledAt: staff.disabledAt }).from(staff).where(inArray(staff.id, ids)).orderBy(asc(staff.id)).for('no key update')
  return new Map(rows.map(r => [r.id, r.disabledAt]))
}

/** Disables an account (`at`) or enables it again (null). A disabled account's sessions stop working and it cannot sign in. */
export async function setDisabled(db: Db, staffId: number, at: Date | null): Promise<void> {
  await db.update(staff).set({ disabledAt: at }).where(eq(staff.id, staffId))
}

/**
 * Stores a new password hash. `temporary`: an admin's reset (the owner must change it at the next sign-in, and
 * it stops working at `expiresAt`); null when the owner chose it, which clears both. With `ifExpiredAt`, only
 * while the temporary password is still the one that expired then (of processes starting at once, the first
 * renews it). False when nothing was changed: no such staff member, or renewed already.
 */
export async function setPasswordHash(db: Db, staffId: number, passwordHash: string, temporary: TemporaryPassword | null, ifExpiredAt?: Date): Promise<boolean> {
  const rows = await db.update(staff)
    .set({ passwordHash, ...temporaryColumns(temporary) })
    .where(and(eq(staff.id, staffId), ifExpiredAt && eq(staff.temporaryPasswordExpiresAt, ifExpiredAt)))
    .returning({ id: staff.id })
  return rows.length === 1
}

/** Offers a secret during enrolment; it counts only once a code from it confirms it. */
export async function setPendingTotpSecret(db: Db, staffId: number, secret: string): Promise<void> {
  await db.update(staff).set({ totpPendingSecret: secret }).where(and(eq(staff.id, staffId), isNull(staff.totpEnrolledAt)))
}

/** Makes the offered secret the second factor, the confirming code's step used. False if already enrolled. */
export async function confirmTotp(db: Db, staffId: number, secret: string, step: number, now: Date): Promise<boolean> {
  const rows = await db.update(staff)
    .set({ totpSecret: secret, totpEnrolledAt: now, totpLastStep: step, totpPendingSecret: null })
    .where(and(eq(staff.id, staffId), isNull(staff.totpEnrolledAt), eq(staff.totpPendingSecret, secret)))
    .returning({ id: staff.id })
  return rows.length === 1
}

/**
 * Marks a TOTP step used, if it is later than the last one: atomic across server processes, so the same
 * code cannot open two sessions.
 */
export async function claimTotpStep(db: Db, staffId: number, step: number): Promise<boolean> {
  const rows = await db.update(staff)
    .set({ totpLastStep: step })
    .where(and(eq(staff.id, staffId), or(isNull(staff.totpLastStep), lt(staff.totpLastStep, step))))
    .returning({ id: staff.id })
  return rows.length === 1
}

/** Replaces a staff member's recovery codes with new ones (hashes only). */
export async function replaceRecoveryCodes(db: Db, staffId: number, codeHashes: string[], now: Date): Promise<void> {
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId))
  await db.insert(staffRecoveryCodes).values(codeHashes.map(codeHash => ({ staffId, codeHash, createdAt: now })))
}

/** Recovery codes whose stored hash matches `pattern` (a POSIX regular expression): their ids and hashes. */
export function recoveryCodesStoredAs(db: Db, pattern: string): Promise<Array<{ id: number, codeHash: string }>> {
  return db.select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash }).from(staffRecoveryCodes).where(sql`${staffRecoveryCodes.codeHash} ~ ${pattern}`)
}

/** Replaces a recovery code's stored hash, unless it changed meanwhile (another process did it first). */
export async function replaceRecoveryCodeHash(db: Db, id: number, from: string, to: string): Promise<void> {
  await db.update(staffRecoveryCodes).set({ codeHash: to }).where(and(eq(staffRecoveryCodes.id, id), eq(staffRecoveryCodes.codeHash, from)))
}

/** A staff member's recovery codes not used yet: their ids and what is stored of them. */
export function unusedRecoveryCodes(db: Db, staffId: number): Promise<Array<{ id: number, codeHash: string }>> {
  return db.select({ id: staffRecoveryCodes.id, codeHash: staffRecoveryCodes.codeHash }).from(staffRecoveryCodes).where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
}

/** Uses up one recovery code; false when it was used meanwhile (atomic: of two at once, one wins). */
export async function markRecoveryCodeUsed(db: Db, id: number, now: Date): Promise<boolean> {
  const rows = await db.update(staffRecoveryCodes)
    .set({ usedAt: now })
    .where(and(eq(staffRecoveryCodes.id, id), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id })
  return rows.length === 1
}

export async function countRecoveryCodesLeft(db: Db, staffId: number): Promise<number> {
  const [row] = await db.select({ n: count() }).from(staffRecoveryCodes).where(and(eq(staffRecoveryCodes.staffId, staffId), isNull(staffRecoveryCodes.usedAt)))
  return Number(row?.n ?? 0)
}

/** Removes a staff member's second factor and recovery codes: they enrol again at their next sign-in. */
export async function resetTotp(db: Db, staffId: number): Promise<boolean> {
  const rows = await db.update(staff)
    .set({ totpSecret: null, totpEnrolledAt: null, totpLastStep: null, totpPendingSecret: null })
    .where(eq(staff.id, staffId))
    .returning({ id: staff.id })
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId))
  return rows.length === 1
}
