import type { Db } from '../db/client'
import { countStaff, createStaff } from '../repositories/staff'
import { encrypt, eventSecrets } from './event-secrets'
import { hashPassword, temporaryPassword } from './passwords'

export interface FirstAdmin { email: string, password?: string }

/**
 * Creates the first admin when there is no staff at all: from GONGKAI_ADMIN_EMAIL / _PASSWORD, or with
 * a temporary password (as an admin's reset gives) that is returned once so the caller can print it, and that must be changed at the first
 * sign-in (whoever reads the log has seen it). Returns undefined when staff exist.
 * With GONGKAI_ADMIN_TOTP_SECRET (development, tests) their second factor is set up already; without it
 * they enrol an authenticator app at their first sign-in.
 */
export async function ensureFirstAdmin(db: Db, env: { email?: string, password?: string, totpSecret?: string }): Promise<FirstAdmin | undefined> {
  if (await countStaff(db) > 0)
    return undefined
  const email = env.email ?? 'admin@gongkai.local'
  const generated = env.password ? undefined : temporaryPassword()
  const totp = env.totpSecret ? { totpSecret: encrypt(await eventSecrets(db), env.totpSecret.replace(/=+$/, '')), totpEnrolledAt: new Date() } : {}
  await createStaff(db, { email, displayName: '系统管理员', role: 'admin', passwordHash: await hashPassword(env.password ?? generated!), ...(generated ? { passwordMustChangeAt: new Date() } : {}), ...totp })
  return { email, password: generated }
}
