import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { NewStaffBodySchema, StaffAccountSchema, TemporaryPasswordSchema } from '../../../../../shared/schemas/auth'
import { EmptyBodySchema, IdParamsSchema } from '../../../../../shared/schemas/common'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { isUniqueViolation } from '../../../../db/errors'
import { HttpProblem } from '../../../../problems'
import { deleteSessionsOf } from '../../../../repositories/sessions'
import { createStaff, listStaff, resetTotp, setPasswordHash } from '../../../../repositories/staff'
import { audit } from '../../../../services/audit'
import { hashPassword, newPasswordFault, temporaryPassword } from '../../../../services/passwords'

const EMAIL_TAKEN = { zh: '这个邮箱已经有账户。', en: 'An account with this email already exists.' }

/**
 * Staff accounts, for admins: list, create, reset someone's second factor when they lose their phone, and
 * give someone who forgot their password a temporary one (their second factor stays).
 */
const adminStaffRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('admin'))

  app.get('/', { schema: { tags: ['admin'], response: { 200: Type.Array(StaffAccountSchema) } } }, async () => {
    const rows = await listStaff(app.db)
    return rows.map(r => ({ id: r.id, email: r.email, displayName: r.displayName, role: r.role, createdAt: r.createdAt.toISOString(), disabled: r.disabledAt !== null, totpEnrolled: r.totpEnrolledAt !== null, mustChangePassword: r.passwordMustChangeAt !== null }))
  })

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Creates a staff account; the person enrols a second factor at first sign-in', body: NewStaffBodySchema, response: { 201: Type.Object({ id: Type.Integer() }), 409: ProblemSchema } },
  }, async (request, reply) => {
    const { password, ...rest } = request.body
    const fault = newPasswordFault(password, { email: rest.email })
    if (fault)
      throw new HttpProblem('validation', { field: 'password', detail: fault })
    // one account per email whatever its case: the unique index on lower(email) decides, even between two admins at once
    const created = await createStaff(app.db, { ...rest, passwordHash: await hashPassword(password) }).catch((error: unknown) => {
      throw isUniqueViolation(error) ? new HttpProblem('conflict', { field: 'email', detail: EMAIL_TAKEN }) : error
    })
    await audit(app.db, request, 'staff.create', `staff:${created.id}`, { role: created.role })
    return reply.code(201).send({ id: created.id })
  })

  app.post('/:id/second-factor/reset', {
    schema: { tags: ['admin'], summary: 'Removes a staff member\'s authenticator and recovery codes and ends their sessions', params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    if (!await resetTotp(app.db, request.params.id))
      throw new HttpProblem('not-found')
    const ended = await deleteSessionsOf(app.db, request.params.id)
    await audit(app.db, request, 'staff.second-factor-reset', `staff:${request.params.id}`, { sessionsEnded: ended })
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
    if (!await setPasswordHash(app.db, id, await hashPassword(password), app.now()))
      throw new HttpProblem('not-found')
    const ended = await deleteSessionsOf(app.db, id)
    await audit(app.db, request, 'staff.password-reset', `staff:${id}`, { sessionsEnded: ended })
    return { temporaryPassword: password }
  })
}
export default adminStaffRoutes
