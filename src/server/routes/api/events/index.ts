import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { EventDetailSchema, EventListQuerySchema, EventListSchema, SignUpBodySchema, SignUpResultSchema } from '../../../../shared/schemas/events'
import { IdempotencyHeadersSchema } from '../../../../shared/schemas/idempotency'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getEvent, listEvents } from '../../../repositories/events'
import { signUpOnline, signupScope } from '../../../services/event-signup'
import { normaliseText } from '../../../services/text'
import proposalsRoutes from './proposals'

const eventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  await app.register(proposalsRoutes, { prefix: '/proposals' })

  app.get('/', {
    schema: { tags: ['events'], summary: 'Upcoming events (or one month\'s), filtered by district, organiser, topic, dates and places left', querystring: EventListQuerySchema, response: { 200: EventListSchema } },
    config: { readCache: 'events' },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-cache')
    return listEvents(app.db, request.query, app.now())
  })

  app.get('/:id', {
    schema: { tags: ['events'], summary: 'An event with its places left', params: IdParamsSchema, response: { 200: EventDetailSchema, 404: ProblemSchema } },
    config: { readCache: 'events' },
  }, async (request, reply) => {
    const event = await getEvent(app.db, request.params.id, app.now())
    if (!event)
      throw new HttpProblem('not-found')
    reply.header('cache-control', 'no-cache')
    return event
  })

  app.post('/:id/registrations', {
    schema: {
      tags: ['events'],
      summary: 'Sign up: confirmed while places last, then waitlisted in arrival order',
      params: IdParamsSchema,
      headers: IdempotencyHeadersSchema,
      body: SignUpBodySchema,
      response: { 201: SignUpResultSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema },
    },
    // honeypot, fill time, limits per IP (generous: carrier NAT), device and phone: services/anti-automation.ts
    config: { publicWrite: { kind: 'signup', scope: signupScope }, invalidates: ['events'] },
  }, async (request, reply) => {
    const { id } = request.params
    const body = request.body
    if (!body.consent)
      throw new HttpProblem('validation', { field: 'consent', detail: { zh: '请先同意我们为本次活动使用您的姓名和手机号。', en: 'Please agree to the use of your name and phone number for this event.' } })
    const name = normaliseText(body.name)
    if (!name)
      throw new HttpProblem('validation', { field: 'name', detail: { zh: '请填写姓名。', en: 'Please enter your name.' } })
    const { replayed, ...result } = await signUpOnline(app.db, { eventId: id, name, phone: body.phone, partySize: body.partySize, key: request.headers['idempotency-key'], body, now: app.now() })
    request.log.info({ event: 'event-signup', eventId: id, status: result.status, replayed }, 'sign-up')
    return reply.code(201).send(result)
  })
}
export default eventsRoutes
