import type { Db } from '../db/client'
import { countStaff, createStaff, enabledAdmins, renewExpiredPassword } from '../repositories/staff'
import { encrypt, eventSecrets } from './event-secrets'
import { hashPassword, temporaryPassword, temporaryPasswordWindow } from './passwords'

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
  const window = temporaryPasswordWindow(now)
  await createStaff(db, { email, displayName: '系统管理员', role: 'admin', passwordHash: await hashPassword(env.password ?? generated!), ...(generated ? { passwordMustChangeAt: window.mustChangeAt, temporaryPasswordExpiresAt: window.expiresAt } : {}), ...totp })
  return { email, password: generated }
}

async function renewExpiredFirstAdmin(db: Db, now: Date): Promise<FirstAdmin | undefined> {
  const admins = await enabledAdmins(db)
  const first = admins[0]
  if (!first || admins.some(a => !a.temporaryPasswordExpiresAt || a.temporaryPasswordExpiresAt > now))
    return undefined
  const password = temporaryPassword()
  const renewed = await renewExpiredPassword(db, first.id, first.temporaryPasswordExpiresAt!, await hashPassword(password), temporaryPasswordWindow(now))
  return renewed ? { email: first.email, password, renewed: true } : undefined
}
