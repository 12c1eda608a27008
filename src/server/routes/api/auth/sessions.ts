import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { SessionsEndedSchema, StaffSessionSchema } from '../../../../shared/schemas/auth'
import { EmptyBodySchema, IdParamsSchema } from '../../../../shared/schemas/common'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { deleteOtherSessionsOf, deleteSessionOf, listSessionsOf } from '../../../repositories/sessions'
import { audit } from '../../../services/audit'

const GONE = { zh: '这个登录已经结束。', en: 'That session has already ended.' }
const THIS_DEVICE = { zh: '这是本设备的登录：请用“退出登录”。', en: 'This is the session on this device: please use Sign out.' }

/**
 * A staff member's own sessions (账户安全 → 登录设备): the list, ending one on another device, and ending every
 * other one. Only one's own: another person's session id answers 404, like one that does not exist. Each end is
 * audited in the transaction that deletes the session.
 */
const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff())

  app.get('/', {
    schema: { tags: ['auth'], summary: 'The signed-in staff member\'s live sessions: this one first, then the most recently used first', response: { 200: Type.Array(StaffSessionSchema), 401: ProblemSchema } },
  }, async (request) => {
    const rows = await listSessionsOf(app.db, request.staff!.id, app.config.session, app.now())
    return rows
      .map(r => ({ id: r.id, browser: r.browser, system: r.system, createdAt: r.createdAt.toISOString(), lastSeenAt: r.lastSeenAt.toISOString(), current: r.id === request.staffSessionId }))
      .sort((a, b) => Number(b.current) - Number(a.current))
  })

  app.post('/:id/end', {
    schema: { tags: ['auth'], summary: 'Ends one of the signed-in staff member\'s sessions on another device', params: IdParamsSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 401: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const { id } = request.params
    const me = request.staff!.id
    // this device signs out with its cookie cleared (POST /api/auth/logout), not by leaving a dead cookie behind
    if (id === request.staffSessionId)
      throw new HttpProblem('conflict', { detail: THIS_DEVICE })
    await app.db.transaction(async (tx) => {
      if (!await deleteSessionOf(tx, me, id))
        throw new HttpProblem('not-found', { detail: GONE })
      await audit(tx, request, 'auth.session-ended', `staff:${me}`, { session: id })
    })
    return reply.code(204).send(null)
  })

  app.post('/end-others', {
    schema: { tags: ['auth'], summary: 'Ends every session of the signed-in staff member but this one', body: EmptyBodySchema, response: { 200: SessionsEndedSchema, 401: ProblemSchema } },
  }, async (request) => {
    const me = request.staff!.id
    const ended = await app.db.transaction(async (tx) => {
      const n = await deleteOtherSessionsOf(tx, me, request.staffSessionId!)
      await audit(tx, request, 'auth.other-sessions-ended', `staff:${me}`, { sessionsEnded: n })
      return n
    })
    return { ended }
  })
}
export default sessionRoutes
