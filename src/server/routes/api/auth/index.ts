import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { EmptyBodySchema, LoginBodySchema, StaffMeSchema } from '../../../../shared/schemas/auth'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { findStaffByEmail } from '../../../repositories/staff'
import { verifyPassword } from '../../../services/passwords'

function toMe(s: { id: number, email: string, displayName: string, role: 'admin' | 'editor' | 'moderator' | 'organizer' }) {
  return { id: s.id, email: s.email, displayName: s.displayName, role: s.role }
}

const auth: FastifyPluginAsyncTypebox = async (app) => {
  app.post('/login', {
    schema: { tags: ['auth'], body: LoginBodySchema, response: { 200: StaffMeSchema, 401: ProblemSchema } },
    config: { rateLimit: { max: app.config.rateLimit.loginMax, timeWindow: '15 minutes' } },
  }, async (request, reply) => {
    const member = await findStaffByEmail(app.db, request.body.email)
    const ok = await verifyPassword(member?.passwordHash, request.body.password)
    if (!member || !ok || member.disabledAt) {
      request.log.warn({ event: 'login-failed' }, 'staff sign-in failed')
      throw new HttpProblem('invalid-credentials')
    }
    await app.startSession(reply, member.id)
    request.log.info({ event: 'login', staffId: member.id }, 'staff signed in')
    return toMe(member)
  })

  app.post('/logout', { schema: { tags: ['auth'], body: EmptyBodySchema } }, async (request, reply) => {
    await app.endSession(request, reply)
    return reply.code(204).send()
  })

  app.get('/me', {
    schema: { tags: ['auth'], response: { 200: StaffMeSchema, 401: ProblemSchema } },
    onRequest: app.requireStaff(),
  }, async request => toMe(request.staff!))
}
export default auth
