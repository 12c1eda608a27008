import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { IdParamsSchema } from '../../../../shared/schemas/common'
import { EventDetailSchema, EventListQuerySchema, EventListSchema, SignUpBodySchema, SignUpResultSchema } from '../../../../shared/schemas/events'
import { IdempotencyHeadersSchema } from '../../../../shared/schemas/idempotency'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { getEvent, listEvents, prepareRegistration, refusalOf, registrationStanding, sealedTicketKey, takePlace } from '../../../repositories/events'
import { eventSecrets, manageToken } from '../../../services/event-secrets'
import { onceInOneStatement } from '../../../services/idempotency'
import { normaliseText } from '../../../services/text'
import proposalsRoutes from './proposals'

/** A sign-up's idempotency scope: one key is one sign-up to one event. */
const signupScope = (params: { id: number }) => `event-signup:${params.id}`

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
    const secrets = await eventSecrets(app.db)
    // The stored answer is the registration's code and ticket; where it stands (confirmed, or waitlisted and
    // where) is read after, so a retry learns where it stands now. The place is taken by one statement with no
    // transaction around it, so the event row's lock is never held across a round trip (services/idempotency.ts).
    const scope = signupScope(request.params)
    const key = request.headers['idempotency-key']
    const answer = await onceInOneStatement(app.db, scope, key, body, async () => {
      // the only read before the statement, and a cached one: the event's ticket key, to sign the ticket with
      const ticketPrivateKey = await sealedTicketKey(app.db, id)
      if (!ticketPrivateKey)
        throw new HttpProblem('not-found')
      const now = app.now()
      const prepared = prepareRegistration(secrets, { event: { id, ticketPrivateKey }, name, phone: body.phone, partySize: body.partySize, source: 'online', now })
      const { code, partySize, ticket } = prepared
      return {
        answer: { status: 201, body: { code, partySize, ticket } },
        write: claim => takePlace(app.db, prepared, { claim, openAt: now }),
        refusal: () => refusalOf(app.db, id, partySize, now),
      }
    })
    const { code, partySize, ticket } = answer.body
    // a fresh confirmation stands as it is; a waitlist place (and any retry) is looked up after the commit
    const standing = answer.written?.status === 'confirmed' ? { status: 'confirmed' as const } : await registrationStanding(app.db, code)
    if (!standing)
      throw new HttpProblem('not-found')
    request.log.info({ event: 'event-signup', eventId: id, status: standing.status, replayed: answer.replayed }, 'sign-up')
    return reply.code(201).send({ code, ...standing, partySize, ticket, manageToken: manageToken(secrets, code) })
  })
}
export default eventsRoutes
