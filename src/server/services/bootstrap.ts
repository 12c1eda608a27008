import type { Db } from '../db/client'
import { deleteSessionsOf } from '../repositories/sessions'
import { countStaff, createStaff, enabledAdmins, recoveryCodesStoredAs, replaceRecoveryCodeHash, setPasswordHash } from '../repositories/staff'
import { auditAtStart } from './audit'
import { encrypt, eventSecrets } from './event-secrets'
import { hashPassword, temporaryPassword, temporaryPasswordWindow } from './passwords'
import { LEGACY_HASH, wrapLegacyHash } from './totp'

export interface FirstAdmin {
  email: string
  password?: string
  /** the password is a new one: the generated one had expired before anyone could sign in with it */
  renewed?: boolean
}

/**
 * Creates the first admin when there is no staff at all: from GONGKAI_ADMIN_EMAIL / _PASSWORD, or with
 * a temporary password (as an admin's reset gives) that is returned once so the caller can print it; it must
 * be changed at the first sign-in (whoever reads the log has seen it) and stops working after 72 hours, as an
 * admin's does. When staff exist but no admin can sign in any more, every enabled admin holding a temporary
 * password past its time (the generated one, never used), the first of them gets a new one, returned the same
 * way: only whoever starts the server sees it. Returns undefined otherwise.
 * With GONGKAI_ADMIN_TOTP_SECRET (development, tests) their second factor is set up already; without it
 * they enrol an authenticator app at their first sign-in.
 */
export async function ensureFirstAdmin(db: Db, env: { email?: string, password?: string, totpSecret?: string }, now = new Date()): Promise<FirstAdmin | undefined> {
  if (await countStaff(db) > 0)
    return renewExpiredFirstAdmin(db, now)
  const email = env.email ?? 'admin@gongkai.local'
  const generated = env.password ? undefined : temporaryPassword()
  const totp = env.totpSecret ? { totpSecret: encrypt(await eventSecrets(db), env.totpSecret.replace(/=+$/, '')), totpEnrolledAt: now } : {}
  await createStaff(db, { email, displayName: '系统管理员', role: 'admin', passwordHash: await hashPassword(env.password ?? generated!), ...(generated ? { temporary: temporaryPasswordWindow(now) } : {}), ...totp })
  return { email, password: generated }
}

async function renewExpiredFirstAdmin(db: Db, now: Date): Promise<FirstAdmin | undefined> {
  const admins = await enabledAdmins(db)
  const first = admins[0]
  if (!first || admins.some(a => !a.temporaryPasswordExpiresAt || a.temporaryPasswordExpiresAt > now))
    return undefined
  const password = temporaryPassword()
  const passwordHash = await hashPassword(password)
  // the new password, the end of that account's sessions and the record of it go together
  const renewed = await db.transaction(async (tx) => {
    if (!await setPasswordHash(tx, first.id, passwordHash, temporaryPasswordWindow(now), first.temporaryPasswordExpiresAt!))
      return false
    const ended = await deleteSessionsOf(tx, first.id)
    await auditAtStart(tx, 'staff.password-renewed-at-start', `staff:${first.id}`, { sessionsEnded: ended })
    return true
  })
  return renewed ? { email: first.email, password, renewed: true } : undefined
}

/**
 * Recovery codes stored as a bare SHA-256 before they were hashed with argon2id: each wrapped in argon2id now
 * (`wrapLegacyHash`), so a copy of the table no longer gives them up; they go on working, once each. Run at
 * start; of several processes starting at once, the first to write each one wins. Returns how many it wrapped.
 */
export async function wrapLegacyRecoveryCodes(db: Db): Promise<number> {
  let wrapped = 0
  for (const row of await recoveryCodesStoredAs(db, LEGACY_HASH.source)) {
    await replaceRecoveryCodeHash(db, row.id, row.codeHash, await wrapLegacyHash(row.codeHash))
    wrapped++
  }
  return wrapped
}
