import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { FastifyRequest } from 'fastify'
import type { Db } from '../../../../db/client'
import { Type } from 'typebox'
import { CreatedStaffSchema, NewStaffBodySchema, SessionsEndedSchema, StaffAccountSchema, TemporaryPasswordSchema } from '../../../../../shared/schemas/auth'
import { EmptyBodySchema, IdParamsSchema } from '../../../../../shared/schemas/common'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { isUniqueViolation } from '../../../../db/errors'
import { HttpProblem } from '../../../../problems'
import { deleteAllSessionsBut, deleteSessionsOf } from '../../../../repositories/sessions'
import { createStaff, listStaff, lockStaff, resetTotp, setDisabled, setPasswordHash } from '../../../../repositories/staff'
import { audit, audited } from '../../../../services/audit'
import { hashPassword, temporaryPassword, temporaryPasswordWindow } from '../../../../services/passwords'
import { normaliseLine } from '../../../../services/text'

const EMAIL_TAKEN = { zh: '这个邮箱已经有账户。', en: 'An account with this email already exists.' }
const NAME_MISSING = { zh: '请填写姓名。', en: 'Please enter a name.' }
const NOT_YOURSELF = { zh: '不能停用自己的账户：请另一位管理员操作。', en: 'You cannot disable your own account: ask another admin.' }

/**
 * Staff accounts, for admins: list; create one (the answer is a temporary password, shown once); reset
 * someone's second factor when they lose their phone; give someone who forgot their password a temporary one
 * (their second factor stays); disable the account of someone who has left, and enable it again; and, after a
 * suspected breach, end every session of every account but the admin's own.
 */
const adminStaffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('admin'))

  /**
   * Disables an account (`at`) or enables it (null), in one transaction with the end of its sessions and the
   * audit row; nothing, and no record, when it already is. Enabling ends sessions too: one a sign-in step opened
   * while the account was being disabled never counted. With `actor` (disabling), both rows are locked, so two
   * admins disabling each other at once are taken one after the other, and the second, disabled by then, is
   * refused: they cannot leave no admin at all.
   */
  async function setAccountDisabled(request: FastifyRequest, id: number, at: Date | null, actor?: number) {
    await app.db.transaction(async (tx) => {
      const locked = await lockStaff(tx, actor === undefined ? [id] : [actor, id])
      if (!locked.has(id))
        throw new HttpProblem('not-found')
      if (actor !== undefined && locked.get(actor))
        throw new HttpProblem('forbidden')
      if (Boolean(locked.get(id)) === Boolean(at))
        return
      await setDisabled(tx, id, at)
      const ended = await deleteSessionsOf(tx, id)
      await audit(tx, request, at ? 'staff.disable' : 'staff.enable', `staff:${id}`, { sessionsEnded: ended })
    })
  }

  /**
   * A change to someone's account that ends their sessions (a reset): the change, the sessions and the record
   * (how many ended) in one transaction, or none of them; 404 when `change` finds no such account.
   */
  function changeEndingSessions(request: FastifyRequest, action: string, id: number, change: (tx: Db) => Promise<boolean>) {
    return audited(app.db, request, (ended: number) => ({ action, target: `staff:${id}`, detail: { sessionsEnded: ended } }), async (tx) => {
      if (!await change(tx))
        throw new HttpProblem('not-found')
      return deleteSessionsOf(tx, id)
    })
  }

  app.get('/', { schema: { tags: ['admin'], response: { 200: Type.Array(StaffAccountSchema) } } }, async () => {
    const rows = await listStaff(app.db)
    return rows.map(r => ({ id: r.id, email: r.email, displayName: r.displayName, role: r.role, createdAt: r.createdAt.toISOString(), disabled: r.disabledAt !== null, totpEnrolled: r.totpEnrolledAt !== null, mustChangePassword: r.passwordMustChangeAt !== null, temporaryPasswordExpired: r.temporaryPasswordExpiresAt !== null && app.now() >= r.temporaryPasswordExpiresAt }))
  })

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Creates a staff account with a temporary password, answered once; the person changes it and enrols a second factor at the first sign-in', body: NewStaffBodySchema, response: { 201: CreatedStaffSchema, 400: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const displayName = normaliseLine(request.body.displayName)
    if (!displayName)
      throw new HttpProblem('validation', { field: 'displayName', detail: NAME_MISSING })
    const password = temporaryPassword()
    const passwordHash = await hashPassword(password)
    // one account per email whatever its case: the unique index on lower(email) decides, even between two admins at once
    const created = await audited(app.db, request, (row: { id: number, role: string }) => ({ action: 'staff.create', target: `staff:${row.id}`, detail: { role: row.role } }), tx => createStaff(tx, { ...request.body, displayName, passwordHash, temporary: temporaryPasswordWindow(app.now()) })).catch((error: unknown) => {
      throw isUniqueViolation(error) ? new HttpProblem('conflict', { field: 'email', detail: EMAIL_TAKEN }) : error
    })
    return reply.code(201).send({ id: created.id, temporaryPassword: password })
  })

  app.post('/sessions/end-all', {
    schema: { tags: ['admin'], summary: 'Ends every session of every staff member but the admin\'s own, this one (a breach response): everyone signs in again', body: EmptyBodySchema, response: { 200: SessionsEndedSchema } },
  }, async (request) => {
    // one transaction: the record says exactly what ended
    const { sessions: ended } = await audited(app.db, request, (r: { sessions: number, staff: number }) => ({ action: 'staff.all-sessions-ended', target: 'staff:*', detail: { sessionsEnded: r.sessions, staffSignedOut: r.staff } }), tx => deleteAllSessionsBut(tx, request.staffSessionId!))
    request.log.warn({ event: 'all-sessions-ended', staffId: request.staff!.id, sessionsEnded: ended }, 'an admin ended every other staff session')
    return { ended }
  })

  app.post('/:id/second-factor/reset', {
    schema: { tags: ['admin'], summary: 'Removes a staff member\'s authenticator and recovery codes and ends their sessions', params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    const { id } = request.params
    await changeEndingSessions(request, 'staff.second-factor-reset', id, tx => resetTotp(tx, id))
    return reply.code(204).send(null)
  })

  app.post('/:id/password/reset', {
    schema: { tags: ['admin'], summary: 'Gives a staff member a temporary password, answered once, and ends their sessions; they must change it at the next sign-in', params: IdParamsSchema, body: EmptyBodySchema, response: { 200: TemporaryPasswordSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request) => {
    const { id } = request.params
    // one's own password is changed with the current one, which a session alone does not prove
    if (id === request.staff!.id)
      throw new HttpProblem('conflict', { detail: { zh: '请在“账户安全”页用当前密码修改自己的密码。', en: 'Please change your own password on the Account security page, with your current password.' } })
    const password = temporaryPassword()
    // hashed first, outside the transaction (it takes a while)
    const passwordHash = await hashPassword(password)
    await changeEndingSessions(request, 'staff.password-reset', id, tx => setPasswordHash(tx, id, passwordHash, temporaryPasswordWindow(app.now())))
    return { temporaryPassword: password }
  })

  app.post('/:id/disable', {
    schema: { tags: ['admin'], summary: 'Disables a staff account (someone who has left): their sessions end at once and they cannot sign in until it is enabled', params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const { id } = request.params
    const actor = request.staff!.id
    // an admin cannot lock themself out, so there is always one admin left to enable the others
    if (id === actor)
      throw new HttpProblem('conflict', { detail: NOT_YOURSELF })
    await setAccountDisabled(request, id, app.now(), actor)
    return reply.code(204).send(null)
  })

  app.post('/:id/enable', {
    schema: { tags: ['admin'], summary: 'Enables a disabled staff account again: they sign in as before', params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await setAccountDisabled(request, request.params.id, null)
    return reply.code(204).send(null)
  })
}
export default adminStaffRoutes
