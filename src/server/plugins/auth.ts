import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { StaffRole } from '../../shared/constants'
import type { StaffRow } from '../repositories/staff'
import cookie from '@fastify/cookie'
import fp from 'fastify-plugin'
import { HttpProblem } from '../problems'
import { createSession, deleteSession, resolveSession } from '../repositories/sessions'

declare module 'fastify' {
  interface FastifyInstance {
    /** onRequest hook for a route or subtree: a signed-in staff member, with one of these roles if given */
    requireStaff: (...roles: StaffRole[]) => onRequestAsyncHookHandler
    /** onRequest hook for the second sign-in step: a session that has passed the password only */
    requireSecondStep: onRequestAsyncHookHandler
    /** Starts a session; without `secondFactor` it is half signed in and opens only the second step. */
    startSession: (reply: FastifyReply, staffId: number, secondFactor: boolean) => Promise<void>
    endSession: (request: FastifyRequest, reply: FastifyReply) => Promise<void>
  }
  interface FastifyRequest {
    staff: StaffRow | null
  }
}

/**
 * Staff sessions: a random token in an HttpOnly, SameSite=Strict cookie (`__Host-` and Secure in
 * production), looked up in the database so any server process can serve any request. The password
 * opens a half session that can only pass the second factor; that step starts a new session (a new
 * token), so a token seen before the second factor is worth nothing after it.
 */
export default fp(async (app) => {
  const { production, session: policy } = app.config
  const cookieName = production ? '__Host-gk_session' : 'gk_session'
  const cookieOptions = { path: '/', httpOnly: true, sameSite: 'strict', secure: production } as const

  await app.register(cookie)
  app.decorateRequest('staff', null)

  app.decorate('requireStaff', (...roles: StaffRole[]): onRequestAsyncHookHandler => async (request) => {
    const token = request.cookies[cookieName]
    const member = token ? await resolveSession(app.db, token, policy, app.now()) : undefined
    if (!member)
      throw new HttpProblem('unauthenticated')
    if (roles.length > 0 && member.role !== 'admin' && !roles.includes(member.role))
      throw new HttpProblem('forbidden')
    request.staff = member
  })

  app.decorate('requireSecondStep', async (request: FastifyRequest) => {
    const token = request.cookies[cookieName]
    const member = token ? await resolveSession(app.db, token, policy, app.now(), 'second-factor') : undefined
    if (!member) {
      throw new HttpProblem('unauthenticated', { detail: {
        zh: '登录已超时，请重新输入邮箱和密码。',
        en: 'The sign-in has timed out. Please enter your email and password again.',
      } })
    }
    request.staff = member
  })

  app.decorate('startSession', async (reply: FastifyReply, staffId: number, secondFactor: boolean) => {
    const previous = reply.request.cookies[cookieName]
    if (previous)
      await deleteSession(app.db, previous)
    const token = await createSession(app.db, staffId, policy, app.now(), secondFactor)
    // no Max-Age: the cookie goes with the browser; the server ends the session at its idle or absolute limit
    reply.setCookie(cookieName, token, cookieOptions)
  })

  app.decorate('endSession', async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[cookieName]
    if (token)
      await deleteSession(app.db, token)
    reply.clearCookie(cookieName, cookieOptions)
  })
}, { name: 'auth', dependencies: ['config', 'db'] })
