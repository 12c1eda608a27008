import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import type { LoginKeys, LoginLimits, LoginState } from '../repositories/login-failures'
import type { StaffRow } from '../repositories/staff'
import { HttpProblem } from '../problems'
import { clearAccountFailures, loginState, recordLoginFailure } from '../repositories/login-failures'
import { claimTotpStep, markRecoveryCodeUsed, replaceRecoveryCodes, unusedRecoveryCodes } from '../repositories/staff'
import { audit } from './audit'
import { decrypt, eventSecrets, keyedHash } from './event-secrets'
import { verifyPassword } from './passwords'
import { hashRecoveryCode, isRecoveryCode, matchTotp, newRecoveryCodes, recoveryCodeMatches } from './totp'

const LOGIN_WINDOW_MINUTES = 15
/** An office behind one address has several people typing: the per-address ceiling is three accounts' worth. */
const IP_FACTOR = 3

function loginLimits(app: FastifyInstance): LoginLimits {
  const perAccount = app.config.rateLimit.loginMax
  return { perAccount, perIp: perAccount * IP_FACTOR, windowMinutes: LOGIN_WINDOW_MINUTES }
}

/**
 * Keyed hashes of the account (its email, lower case, whether or not it exists) and of the client address:
 * what the failure counters are kept under, so the table holds neither emails nor addresses.
 */
async function loginKeys(app: FastifyInstance, email: string, ip: string): Promise<LoginKeys> {
  const secrets = await eventSecrets(app.db)
  return { accountKey: keyedHash(secrets, 'login-account', email.trim().toLowerCase()), ipKey: keyedHash(secrets, 'login-ip', ip) }
}

/** One step of a sign-in (the password, or a code): the keys its failure counts under, and the failures it found. */
export interface SignInAttempt { keys: LoginKeys, step: 'password' | 'code', failures: LoginState['failures'] }

/**
 * Starts a sign-in step for an account (by its email) from the request's address: refused with 429 while
 * either is locked out (the error handler adds Retry-After).
 */
export async function startAttempt(app: FastifyInstance, request: FastifyRequest, email: string, step: SignInAttempt['step'], staffId?: number): Promise<SignInAttempt> {
  const keys = await loginKeys(app, email, request.ip)
  const now = app.now()
  const { failures, lock } = await loginState(app.db, keys, loginLimits(app), now)
  if (!lock)
    return { keys, step, failures }
  const seconds = Math.max(1, Math.ceil((lock.until.getTime() - now.getTime()) / 1000))
  request.log.warn({ event: 'login-locked', by: lock.by, step, staffId, account: keys.accountKey.slice(0, 16), retryAfter: seconds }, 'staff sign-in refused: too many failures')
  const minutes = Math.ceil(seconds / 60)
  throw new HttpProblem('rate-limited', { params: { seconds }, detail: lock.by === 'account'
    ? { zh: `该账户登录失败次数过多，已暂时锁定，请 ${minutes} 分钟后再试。`, en: `Too many failed sign-ins for this account: it is locked for now. Please try again in ${minutes} minutes.` }
    : { zh: `此网络登录失败次数过多，请 ${minutes} 分钟后再试。`, en: `Too many failed sign-ins from this network. Please try again in ${minutes} minutes.` } })
}

/**
 * Counts a failed step, logs it (no password, no address) and audits it when it concerns an account, with
 * the lock it brings about: the failures found when the step started, and this one, reach a limit.
 */
export async function recordFailure(app: FastifyInstance, request: FastifyRequest, attempt: SignInAttempt, member?: StaffRow) {
  const { keys, step, failures } = attempt
  await recordLoginFailure(app.db, keys, step, app.now())
  request.log.warn({ event: 'login-failed', step, staffId: member?.id, account: keys.accountKey.slice(0, 16) }, 'staff sign-in failed')
  if (!member)
    return
  // no actor: whoever failed has not proved to be this member
  await audit(app.db, request, 'auth.sign-in-failed', `staff:${member.id}`, { step }, null)
  const limits = loginLimits(app)
  if (failures.account + 1 >= limits.perAccount || failures.ip + 1 >= limits.perIp)
    await audit(app.db, request, 'auth.locked', `staff:${member.id}`, { minutes: LOGIN_WINDOW_MINUTES }, null)
}

const WRONG_CURRENT_PASSWORD = { zh: '当前密码不正确。', en: 'The current password is not correct.' }

/**
 * Re-authentication on a signed-in session before it changes the account (its password, its recovery codes):
 * the current password, checked as the password step of a sign-in is. A wrong one is a failed sign-in, counted,
 * logged and audited, and ten lock the account (429), so a stolen session cannot be used to guess it: 401 on
 * `currentPassword`.
 */
export async function confirmCurrentPassword(app: FastifyInstance, request: FastifyRequest, member: StaffRow, password: string): Promise<void> {
  const attempt = await startAttempt(app, request, member.email, 'password', member.id)
  if (!await verifyPassword(member.passwordHash, password)) {
    await recordFailure(app, request, attempt, member)
    throw new HttpProblem('invalid-credentials', { field: 'currentPassword', detail: WRONG_CURRENT_PASSWORD })
  }
}

/**
 * The second step passed (a code, a recovery code, or the code that confirms an enrolment) for the member of
 * the half session: a full session with a new token, the account's failures forgotten, audited and logged.
 */
export async function completeSignIn(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, attempt: SignInAttempt, method: 'totp' | 'recovery-code' | 'enrolment') {
  const member = request.staff!
  const enrolled = method === 'enrolment'
  await app.startSession(reply, member.id, true)
  await clearAccountFailures(app.db, attempt.keys.accountKey)
  await audit(app.db, request, enrolled ? 'auth.second-factor-enrolled' : 'auth.sign-in', `staff:${member.id}`, enrolled ? undefined : { method })
  request.log.info({ event: 'login', staffId: member.id, method }, enrolled ? 'staff enrolled a second factor and signed in' : 'staff signed in')
}

/** The TOTP step a code belongs to, for the secret sealed in the database (services/totp.ts `matchTotp`). */
export async function matchSealedTotp(app: FastifyInstance, sealed: string, code: string): Promise<number | undefined> {
  const secret = decrypt(await eventSecrets(app.db), sealed).toString('utf8')
  return matchTotp(secret, code.replace(/\s/g, ''), app.now())
}

/** New recovery codes, to show once, and what is stored of them: hashed before any transaction, which they would hold open. */
export async function newRecoveryCodeSet(): Promise<{ codes: string[], hashes: string[] }> {
  const codes = newRecoveryCodes()
  return { codes, hashes: await Promise.all(codes.map(hashRecoveryCode)) }
}

/** Gives a staff member a new set of recovery codes (`newRecoveryCodeSet`): the old ones stop working. */
export async function issueRecoveryCodes(app: FastifyInstance, staffId: number, set: { codes: string[], hashes: string[] }, db: Db = app.db): Promise<string[]> {
  await replaceRecoveryCodes(db, staffId, set.hashes, app.now())
  return set.codes
}

/**
 * Uses up the unused recovery code `code` matches. Every one is compared, so the time taken does not tell which
 * one did; one after another, so an attempt holds one of libuv's 4 threads (argon2's 19 MiB each) rather than
 * all of them, which brotli and static files share.
 */
async function useRecoveryCode(app: FastifyInstance, staffId: number, code: string): Promise<boolean> {
  let found: number | undefined
  for (const c of await unusedRecoveryCodes(app.db, staffId)) {
    if (await recoveryCodeMatches(c.codeHash, code) && found === undefined)
      found = c.id
  }
  return found !== undefined && markRecoveryCodeUsed(app.db, found, app.now())
}

/**
 * Checks a second-factor code: a TOTP code for a step after the last one used, or an unused recovery code.
 * Either is used up by a success. Returns how it passed, or undefined.
 */
export async function checkSecondFactor(app: FastifyInstance, member: StaffRow, code: string): Promise<'totp' | 'recovery-code' | undefined> {
  if (!member.totpSecret)
    return undefined
  if (isRecoveryCode(code))
    return await useRecoveryCode(app, member.id, code) ? 'recovery-code' : undefined
  const step = await matchSealedTotp(app, member.totpSecret, code)
  return step !== undefined && await claimTotpStep(app.db, member.id, step) ? 'totp' : undefined
}
