import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { LoginKeys, LoginLimits } from '../repositories/login-failures'
import type { StaffRow } from '../repositories/staff'
import { createHmac } from 'node:crypto'
import { HttpProblem } from '../problems'
import { loginLock, recordLoginFailure } from '../repositories/login-failures'
import { claimTotpStep, useRecoveryCode } from '../repositories/staff'
import { audit } from './audit'
import { decrypt, eventSecrets } from './event-secrets'
import { hashRecoveryCode, isRecoveryCode, matchTotp } from './totp'

export const LOGIN_WINDOW_MINUTES = 15
/** An office behind one address has several people typing: the per-address ceiling is three accounts' worth. */
export const IP_FACTOR = 3

export function loginLimits(app: FastifyInstance): LoginLimits {
  const perAccount = app.config.rateLimit.loginMax
  return { perAccount, perIp: perAccount * IP_FACTOR, windowMinutes: LOGIN_WINDOW_MINUTES }
}

/**
 * Keyed hashes of the account (its email, lower case, whether or not it exists) and of the client address:
 * what the failure counters are kept under, so the table holds neither emails nor addresses.
 */
export async function loginKeys(app: FastifyInstance, email: string, ip: string): Promise<LoginKeys> {
  const { hmacKey } = await eventSecrets(app.db)
  const h = (label: string, value: string) => createHmac('sha256', hmacKey).update(`${label}:${value}`).digest('hex')
  return { accountKey: h('login-account', email.trim().toLowerCase()), ipKey: h('login-ip', ip) }
}

/** Refuses with 429 and Retry-After while the account or the address is locked out. */
export async function refuseWhileLocked(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, keys: LoginKeys, step: 'password' | 'code', staffId?: number) {
  const now = app.now()
  const lock = await loginLock(app.db, keys, loginLimits(app), now)
  if (!lock)
    return
  const seconds = Math.max(1, Math.ceil((lock.until.getTime() - now.getTime()) / 1000))
  request.log.warn({ event: 'login-locked', by: lock.by, step, staffId, account: keys.accountKey.slice(0, 16), retryAfter: seconds }, 'staff sign-in refused: too many failures')
  const minutes = Math.ceil(seconds / 60)
  reply.header('retry-after', String(seconds))
  throw new HttpProblem('rate-limited', { detail: lock.by === 'account'
    ? { zh: `该账户登录失败次数过多，已暂时锁定，请 ${minutes} 分钟后再试。`, en: `Too many failed sign-ins for this account: it is locked for now. Please try again in ${minutes} minutes.` }
    : { zh: `此网络登录失败次数过多，请 ${minutes} 分钟后再试。`, en: `Too many failed sign-ins from this network. Please try again in ${minutes} minutes.` } })
}

/** Counts a failed step, logs it (no password, no address) and audits it when it concerns an account. */
export async function recordFailure(app: FastifyInstance, request: FastifyRequest, keys: LoginKeys, step: 'password' | 'code', member?: StaffRow) {
  const now = app.now()
  await recordLoginFailure(app.db, keys, step, now)
  request.log.warn({ event: 'login-failed', step, staffId: member?.id, account: keys.accountKey.slice(0, 16) }, 'staff sign-in failed')
  if (!member)
    return
  await audit(app.db, request, 'auth.sign-in-failed', `staff:${member.id}`, { step }, null)
  if (await loginLock(app.db, keys, loginLimits(app), now))
    await audit(app.db, request, 'auth.locked', `staff:${member.id}`, { minutes: LOGIN_WINDOW_MINUTES }, null)
}

/**
 * Checks a second-factor code: a TOTP code for a step after the last one used, or an unused recovery code.
 * Either is used up by a success. Returns how it passed, or undefined.
 */
export async function checkSecondFactor(app: FastifyInstance, member: StaffRow, code: string): Promise<'totp' | 'recovery-code' | undefined> {
  if (!member.totpSecret)
    return undefined
  if (isRecoveryCode(code))
    return await useRecoveryCode(app.db, member.id, hashRecoveryCode(code), app.now()) ? 'recovery-code' : undefined
  const secret = decrypt(await eventSecrets(app.db), member.totpSecret).toString('utf8')
  const step = matchTotp(secret, code.replace(/\s/g, ''), app.now())
  return step !== undefined && await claimTotpStep(app.db, member.id, step) ? 'totp' : undefined
}
