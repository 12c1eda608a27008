import type { Db } from '../db/client'
import { and, desc, eq, gt, lt } from 'drizzle-orm'
import { loginFailures } from '../db/schema'

export interface LoginKeys { accountKey: string, ipKey: string }
export interface LoginLimits { perAccount: number, perIp: number, windowMinutes: number }

export async function recordLoginFailure(db: Db, keys: LoginKeys, step: 'password' | 'code', now: Date): Promise<void> {
  await db.insert(loginFailures).values({ ...keys, step, at: now })
}

/** When the max-th latest failure leaves the window, or undefined while fewer than `max` lie in it. */
async function freeAt(db: Db, column: typeof loginFailures.accountKey | typeof loginFailures.ipKey, key: string, max: number, windowMs: number, now: Date): Promise<Date | undefined> {
  const rows = await db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(column, key), gt(loginFailures.at, new Date(now.getTime() - windowMs)))).orderBy(desc(loginFailures.at)).limit(max)
  return rows.length >= max ? new Date(rows[max - 1]!.at.getTime() + windowMs) : undefined
}

/**
 * Whether sign-in is held back for this account or this address, and until when: `max` failures inside
 * the window lock it until the oldest of them leaves the window.
 */
export async function loginLock(db: Db, keys: LoginKeys, limits: LoginLimits, now: Date): Promise<{ by: 'account' | 'ip', until: Date } | undefined> {
  const windowMs = limits.windowMinutes * 60_000
  const account = await freeAt(db, loginFailures.accountKey, keys.accountKey, limits.perAccount, windowMs, now)
  if (account)
    return { by: 'account', until: account }
  const ip = await freeAt(db, loginFailures.ipKey, keys.ipKey, limits.perIp, windowMs, now)
  return ip ? { by: 'ip', until: ip } : undefined
}

/** Forgets failures older than `before` (the hourly maintenance). */
export async function purgeLoginFailures(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(loginFailures).where(lt(loginFailures.at, before)).returning({ id: loginFailures.id })
  return rows.length
}

/** A full sign-in clears the account's failures (the address keeps its own). */
export async function clearAccountFailures(db: Db, accountKey: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.accountKey, accountKey))
}
