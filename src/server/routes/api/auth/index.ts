import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Db } from '../../../db/client'
import type { StaffRow } from '../../../repositories/staff'
import { Type } from 'typebox'
import { AccountSecuritySchema, EnrolledSchema, LoginBodySchema, LoginStepSchema, PasswordChangeBodySchema, RecoveryCodesBodySchema, RecoveryCodesSchema, SecondFactorBodySchema, StaffMeSchema, TotpEnrolmentSchema } from '../../../../shared/schemas/auth'
import { EmptyBodySchema } from '../../../../shared/schemas/common'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { deleteSessionsOf } from '../../../repositories/sessions'
import { confirmTotp, countRecoveryCodesLeft, findStaffByEmail, setPasswordHash, setPendingTotpSecret } from '../../../repositories/staff'
import { audit } from '../../../services/audit'
import { encrypt, eventSecrets } from '../../../services/event-secrets'
import { hashPassword, newPasswordFault, TEMPORARY_PASSWORD_HOURS, verifyPassword } from '../../../services/passwords'
import { checkSecondFactor, completeSignIn, confirmCurrentPassword, issueRecoveryCodes, matchSealedTotp, newRecoveryCodeSet, recordFailure, startAttempt } from '../../../services/sign-in'
import { newTotpSecret, totpUri } from '../../../services/totp'
import sessionRoutes from './sessions'

function toMe(s: StaffRow) {
  return { id: s.id, email: s.email, displayName: s.displayName, role: s.role, mustChangePassword: s.passwordMustChangeAt !== null }
}

const WRONG_CODE = { zh: '验证码不正确或已经用过，请输入验证器中新的 6 位数字。', en: 'The code is wrong or has been used. Please enter the new 6-digit code from your authenticator.' }
const problems = { 401: ProblemSchema, 409: ProblemSchema, 429: ProblemSchema }
const TEMPORARY_PASSWORD_EXPIRED = { zh: `这个临时密码已超过 ${TEMPORARY_PASSWORD_HOURS} 小时，不能再用。请联系管理员重新发放临时密码。`, en: `This temporary password is more than ${TEMPORARY_PASSWORD_HOURS} hours old and no longer works. Please ask an admin for a new one.` }

/**
 * Staff sign-in in two steps: the password opens a half session (10 minutes) that can only pass the
 * second factor, a TOTP code or a one-time recovery code; a first sign-in enrols an authenticator app
 * instead. Failures count per account and per address in the database and lock both out for a while.
 */
const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/login', {
    schema: { tags: ['auth'], body: LoginBodySchema, response: { 200: LoginStepSchema, 403: ProblemSchema, ...problems } },
  }, async (request, reply) => {
    const attempt = await startAttempt(app, request, request.body.email, 'password')
    const member = await findStaffByEmail(app.db, request.body.email)
    const ok = await verifyPassword(member?.passwordHash, request.body.password)
    if (!member || !ok || member.disabledAt) {
      await recordFailure(app, request, attempt, member && !member.disabledAt ? member : undefined)
      throw new HttpProblem('invalid-credentials')
    }
    // the right temporary password, too late: said plainly (whoever typed it knows it), and not a failure
    if (member.temporaryPasswordExpiresAt && app.now() >= member.temporaryPasswordExpiresAt) {
      request.log.warn({ event: 'temporary-password-expired', staffId: member.id }, 'an expired temporary password was refused')
      throw new HttpProblem('forbidden', { detail: TEMPORARY_PASSWORD_EXPIRED })
    }
    await app.startSession(reply, member.id, false)
    request.log.info({ event: 'login-password', staffId: member.id }, 'staff password accepted; second factor next')
    return { next: member.totpEnrolledAt ? 'code' as const : 'enrol' as const }
  })

  app.post('/second-factor', {
    schema: { tags: ['auth'], body: SecondFactorBodySchema, response: { 200: StaffMeSchema, ...problems } },
    onRequest: app.requireSecondStep,
  }, async (request, reply) => {
    const member = request.staff!
    const attempt = await startAttempt(app, request, member.email, 'code', member.id)
    if (!member.totpEnrolledAt)
      throw new HttpProblem('conflict', { detail: { zh: '请先设置身份验证器。', en: 'Please set up an authenticator first.' } })
    const method = await checkSecondFactor(app, member, request.body.code)
    if (!method) {
      await recordFailure(app, request, attempt, member)
      throw new HttpProblem('invalid-credentials', { detail: WRONG_CODE, field: 'code' })
    }
    await completeSignIn(app, request, reply, attempt, method)
    return toMe(member)
  })

  app.post('/enrolment', {
    schema: { tags: ['auth'], summary: 'Offers a new TOTP secret to a staff member who has none yet', body: EmptyBodySchema, response: { 200: TotpEnrolmentSchema, ...problems } },
    onRequest: app.requireSecondStep,
  }, async (request) => {
    const member = request.staff!
    if (member.totpEnrolledAt)
      throw new HttpProblem('conflict', { detail: { zh: '身份验证器已经设置过。', en: 'An authenticator is already set up.' } })
    const secret = newTotpSecret()
    await setPendingTotpSecret(app.db, member.id, encrypt(await eventSecrets(app.db), secret))
    return { secret, uri: totpUri(secret, member.email) }
  })

  app.post('/enrolment/confirm', {
    schema: { tags: ['auth'], summary: 'Confirms the offered secret with a code; answers the recovery codes once', body: SecondFactorBodySchema, response: { 200: EnrolledSchema, ...problems } },
    onRequest: app.requireSecondStep,
  }, async (request, reply) => {
    const member = request.staff!
    const attempt = await startAttempt(app, request, member.email, 'code', member.id)
    const sealed = member.totpPendingSecret
    if (member.totpEnrolledAt || !sealed)
      throw new HttpProblem('conflict', { detail: { zh: '请重新开始设置身份验证器。', en: 'Please start setting up the authenticator again.' } })
    const step = await matchSealedTotp(app, sealed, request.body.code)
    if (step === undefined || !await confirmTotp(app.db, member.id, sealed, step, app.now())) {
      await recordFailure(app, request, attempt, member)
      throw new HttpProblem('invalid-credentials', { detail: WRONG_CODE, field: 'code' })
    }
    const recoveryCodes = await issueRecoveryCodes(app, member.id, await newRecoveryCodeSet())
    await completeSignIn(app, request, reply, attempt, 'enrolment')
    return { me: toMe(member), recoveryCodes }
  })

  app.post('/logout', { schema: { tags: ['auth'], body: EmptyBodySchema } }, async (request, reply) => {
    // audited in the transaction that deletes the session: never a sign-out without its record, nor the reverse
    await app.endSession(request, reply, (tx, staffId) => audit(tx, request, 'auth.sign-out', `staff:${staffId}`, undefined, staffId))
    return reply.code(204).send()
  })

  app.get('/me', {
    schema: { tags: ['auth'], response: { 200: StaffMeSchema, 401: ProblemSchema } },
    onRequest: app.requireStaff(),
  }, async request => toMe(request.staff!))

  app.get('/security', {
    schema: { tags: ['auth'], summary: 'The signed-in staff member\'s second factor: when enrolled, recovery codes left', response: { 200: AccountSecuritySchema, 401: ProblemSchema } },
    onRequest: app.requireStaff(),
  }, async (request) => {
    const member = request.staff!
    return { totpEnrolledAt: member.totpEnrolledAt?.toISOString() ?? null, recoveryCodesLeft: await countRecoveryCodesLeft(app.db, member.id) }
  })

  app.post('/recovery-codes', {
    schema: { tags: ['auth'], summary: 'A new set of 10 recovery codes, shown once; the old ones stop working. Needs the current password (a wrong one is a failed sign-in)', body: RecoveryCodesBodySchema, response: { 200: RecoveryCodesSchema, 400: ProblemSchema, ...problems } },
    onRequest: app.requireStaff(),
  }, async (request) => {
    const member = request.staff!
    // a change to the second factor: a signed-in screen left unattended is not enough
    await confirmCurrentPassword(app, request, member, request.body.currentPassword)
    // the new codes and their record together: a renewal nobody could trace never happens
    const set = await newRecoveryCodeSet()
    const recoveryCodes = await app.db.transaction(async (tx) => {
      const codes = await issueRecoveryCodes(app, member.id, set, tx as unknown as Db)
      await audit(tx, request, 'auth.recovery-codes-renewed', `staff:${member.id}`)
      return codes
    })
    return { recoveryCodes }
  })

  app.post('/password', {
    schema: { tags: ['auth'], summary: 'Changes the signed-in staff member\'s password; every other session ends and this one gets a new token', body: PasswordChangeBodySchema, response: { 204: Type.Null(), 400: ProblemSchema, ...problems } },
    onRequest: app.requireStaff(),
  }, async (request, reply) => {
    const member = request.staff!
    const { currentPassword, newPassword } = request.body
    // a wrong current password is a failed sign-in: a stolen session must not become a way to guess it
    await confirmCurrentPassword(app, request, member, currentPassword)
    const fault = newPasswordFault(newPassword, { email: member.email, currentPassword })
    if (fault)
      throw new HttpProblem('validation', { field: 'newPassword', detail: fault })
    const hash = await hashPassword(newPassword)
    // the new password, the end of every session and the record in one transaction; then this device's new session
    await app.db.transaction(async (t) => {
      const tx = t as unknown as Db
      await setPasswordHash(tx, member.id, hash, null)
      const ended = await deleteSessionsOf(tx, member.id)
      await audit(tx, request, 'auth.password-changed', `staff:${member.id}`, { sessionsEnded: Math.max(0, ended - 1), wasTemporary: member.passwordMustChangeAt !== null })
    })
    await app.startSession(reply, member.id, true)
    request.log.info({ event: 'password-changed', staffId: member.id }, 'staff password changed; other sessions ended')
    return reply.code(204).send(null)
  })

  await app.register(sessionRoutes, { prefix: '/sessions' })
}
export default auth
