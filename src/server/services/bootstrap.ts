import type { Db } from '../db/client'
import { randomBytes } from 'node:crypto'
import { countStaff, createStaff } from '../repositories/staff'
import { hashPassword } from './passwords'

export interface FirstAdmin { email: string, password?: string }

/**
 * Creates the first admin when there is no staff at all: from GONGKAI_ADMIN_EMAIL / _PASSWORD, or with
 * a random password that is returned once so the caller can print it. Returns undefined when staff exist.
 */
export async function ensureFirstAdmin(db: Db, env: { email?: string, password?: string }): Promise<FirstAdmin | undefined> {
  if (await countStaff(db) > 0)
    return undefined
  const email = env.email ?? 'admin@gongkai.local'
  const generated = env.password ? undefined : randomBytes(12).toString('base64url')
  await createStaff(db, { email, displayName: '系统管理员', role: 'admin', passwordHash: await hashPassword(env.password ?? generated!) })
  return { email, password: generated }
}
