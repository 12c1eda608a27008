import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { EmptyBodySchema } from '../../../../shared/schemas/common'
import { ManageHeadersSchema, RegistrationParamsSchema, RegistrationStateSchema } from '../../../../shared/schemas/events'
import { FeedbackBodySchema, FeedbackReceiptSchema } from '../../../../shared/schemas/events-extras'
import { IdempotencyHeadersSchema } from '../../../../shared/schemas/idempotency'
import { ProblemSchema } from '../../../../shared/schemas/problem'
import { HttpProblem } from '../../../problems'
import { cancelRegistration, deleteOwnRegistration, eventOfCode, findOwnRegistration, getEventRow, registrationState } from '../../../repositories/events'
import { saveFeedback } from '../../../repositories/events-extras'
import { eventCalendar } from '../../../services/event-calendar'
import { eventSecrets } from '../../../services/event-secrets'
import { once } from '../../../services/idempotency'
import { normaliseText } from '../../../services/text'

const NOT_YOURS = { zh: '没有找到这份报名，或管理凭证不正确。', en: 'We could not find this registration, or the manage token is wrong.' }

/** The questionnaire's idempotency scope: one key is one answer from one registration. */
const feedbackScope = (params: { code: string }) => `event-feedback:${params.code}`

/** A resident's own registration: read, cancel and delete with the manage token (a header, never the URL). */
const registrationsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/:code', {
    schema: { tags: ['events'], summary: 'The current state of one\'s registration (a promotion shows here)', params: RegistrationParamsSchema, headers: ManageHeadersSchema, response: { 200: RegistrationStateSchema, 404: ProblemSchema } },
  }, async (request, reply) => {
    reply.header('cache-control', 'no-store')
    const own = await findOwnRegistration(app.db, request.params.code, request.headers['x-manage-token'])
    if (!own)
      throw new HttpProblem('not-found', { detail: NOT_YOURS })
    return (await registrationState(app.db, await eventSecrets(app.db), own.code))!
  })

  app.post('/:code/cancel', {
    schema: { tags: ['events'], summary: 'Cancel one\'s registration; freed places go to the waitlist at once', params: RegistrationParamsSchema, headers: ManageHeadersSchema, body: EmptyBodySchema, response: { 200: RegistrationStateSchema, 404: ProblemSchema } },
    config: { publicWrite: 'registration', invalidates: ['events'] },
  }, async (request) => {
    const own = await findOwnRegistration(app.db, request.params.code, request.headers['x-manage-token'])
    if (!own)
      throw new HttpProblem('not-found', { detail: NOT_YOURS })
    const promoted = await cancelRegistration(app.db, own, app.now())
    request.log.info({ event: 'registration-cancelled', eventId: own.eventId, promoted: promoted.length }, 'registration cancelled')
    return (await registrationState(app.db, await eventSecrets(app.db), own.code))!
  })

  app.post('/:code/delete', {
    schema: { tags: ['events'], summary: 'Delete one\'s registration: cancelled if the event is still ahead, name and phone erased now (PIPL); then reads as not found', params: RegistrationParamsSchema, headers: ManageHeadersSchema, body: EmptyBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
    config: { publicWrite: 'registration', invalidates: ['events'] },
  }, async (request, reply) => {
    const done = await deleteOwnRegistration(app.db, request.params.code, request.headers['x-manage-token'], app.now())
    if (!done)
      throw new HttpProblem('not-found', { detail: NOT_YOURS })
    if (!done.already)
      request.log.info({ event: 'registration-deleted', eventId: done.eventId, promoted: done.promoted.length }, 'registration deleted by the resident')
    return reply.code(204).send(null)
  })

  app.post('/:code/feedback', {
    schema: { tags: ['events'], summary: 'The questionnaire after the event, for those who attended', params: RegistrationParamsSchema, headers: Type.Object({ ...ManageHeadersSchema.properties, ...IdempotencyHeadersSchema.properties }), body: FeedbackBodySchema, response: { 201: FeedbackReceiptSchema, 404: ProblemSchema, 409: ProblemSchema } },
    config: { publicWrite: { kind: 'registration', scope: feedbackScope }, invalidates: [] },
  }, async (request, reply) => {
    const own = await findOwnRegistration(app.db, request.params.code, request.headers['x-manage-token'])
    if (!own)
      throw new HttpProblem('not-found', { detail: NOT_YOURS })
    const event = (await getEventRow(app.db, own.eventId))!
    const body = { ...request.body, comment: normaliseText(request.body.comment) }
    await once(app.db, feedbackScope(request.params), request.headers['idempotency-key'], body, async (tx) => {
      await saveFeedback(tx, own, event.endsAt, body, app.now())
      return { status: 201, body: { received: true } }
    })
    return reply.code(201).send({ received: true })
  })

  app.get('/:code/calendar.ics', {
    schema: { tags: ['events'], summary: 'The event as an iCalendar file in Shanghai time (no personal data)', params: RegistrationParamsSchema, response: { 200: Type.String(), 404: ProblemSchema } },
  }, async (request, reply) => {
    const event = await eventOfCode(app.db, request.params.code)
    if (!event)
      throw new HttpProblem('not-found')
    const body = eventCalendar({
      uid: `event-${event.id}-${request.params.code}@gongkai`,
      title: event.title,
      description: [event.description, event.transitHint && `交通：${event.transitHint}`].filter(Boolean).join('\n'),
      location: `${event.venue}，${event.address}`,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      cancelled: event.status === 'cancelled',
      now: app.now(),
    })
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="event-${event.id}.ics"`)
      .type('text/calendar; charset=utf-8')
      .send(body)
  })
}
export default registrationsRoutes
