import type { Db } from '../db/client'
import { and, desc, eq, gt, lt } from 'drizzle-orm'
import { loginFailures } from '../db/schema'

export interface LoginKeys { accountKey: string, ipKey: string }
export interface LoginLimits { perAccount: number, perIp: number, windowMinutes: number }

export async function recordLoginFailure(db: Db, keys: LoginKeys, step: 'password' | 'code', now: Date): Promise<void> {
  await db.insert(loginFailures).values({ ...keys, step, at: now })
}

/** The times of the latest failures under one key inside the window, newest first, at most `max` of them. */
async function recentFailures(db: Db, column: typeof loginFailures.accountKey | typeof loginFailures.ipKey, key: string, max: number, windowMs: number, now: Date): Promise<Date[]> {
  const rows = await db.select({ at: loginFailures.at }).from(loginFailures).where(and(eq(column, key), gt(loginFailures.at, new Date(now.getTime() - windowMs)))).orderBy(desc(loginFailures.at)).limit(max)
  return rows.map(r => r.at)
}

/** The failures inside the window, for the account and for the address (each counted up to its limit), and the lock they make. */
export interface LoginState {
  failures: { account: number, ip: number }
  lock?: { by: 'account' | 'ip', until: Date }
}

/**
 * Whether sign-in is held back for this account or this address, and until when: `max` failures inside
 * the window lock it until the oldest of them leaves the window.
 */
export async function loginState(db: Db, keys: LoginKeys, limits: LoginLimits, now: Date): Promise<LoginState> {
  const windowMs = limits.windowMinutes * 60_000
  const account = await recentFailures(db, loginFailures.accountKey, keys.accountKey, limits.perAccount, windowMs, now)
  const ip = await recentFailures(db, loginFailures.ipKey, keys.ipKey, limits.perIp, windowMs, now)
  const freeAt = (times: Date[], max: number) => times.length >= max ? new Date(times[max - 1]!.getTime() + windowMs) : undefined
  const accountFree = freeAt(account, limits.perAccount)
  const ipFree = freeAt(ip, limits.perIp)
  const lock = accountFree ? { by: 'account' as const, until: accountFree } : ipFree ? { by: 'ip' as const, until: ipFree } : undefined
  return { failures: { account: account.length, ip: ip.length }, lock }
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
