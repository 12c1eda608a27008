import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from 'typebox'
import { IdParamsSchema, RevealBodySchema } from '../../../../../shared/schemas/common'
import { AdminEventListSchema, AdminEventSchema, AdminRegistrationListSchema, CancelEventBodySchema, CheckinBatchBodySchema, CheckinResultSchema, EventInputSchema, EventRegistrationParamsSchema, PhoneSignUpBodySchema, RevealResultSchema, SignUpResultSchema, SignupWindowBodySchema } from '../../../../../shared/schemas/events'
import { AdminProposalListSchema, EventReportBodySchema, FeedbackSummarySchema, ModerateProposalBodySchema } from '../../../../../shared/schemas/events-extras'
import { ProblemSchema } from '../../../../../shared/schemas/problem'
import { HttpProblem } from '../../../../problems'
import { getEventRow, prepareRegistration, promoteWaitlist, sealedTicketKey, takePlace } from '../../../../repositories/events'
import { adminEvent, adminEvents, adminRegistrations, cancelEvent, checkIn, createEvent, registrationPhone, registrationsCsv, setSignupWindow, updateEvent } from '../../../../repositories/events-admin'
import { adminProposals, feedbackSummary, moderateProposal, publishReport } from '../../../../repositories/events-extras'
import { audited, auditedReveal } from '../../../../services/audit'
import { eventSecrets, manageToken } from '../../../../services/event-secrets'
import { normaliseText } from '../../../../services/text'

const TIMES_PROBLEM = { zh: '时间有误：报名须在活动开始前开放并截止，结束时间须晚于开始时间。', en: 'The times do not fit: sign-up must open and close before the event starts, and it must end after it starts.' }

function checkTimes(input: { startsAt: string, endsAt: string, signupOpensAt: string, signupClosesAt: string }) {
  const [starts, ends, opens, closes] = [input.startsAt, input.endsAt, input.signupOpensAt, input.signupClosesAt].map(s => Date.parse(s))
  if (!(ends! > starts! && opens! < closes! && closes! <= starts!))
    throw new HttpProblem('validation', { field: 'signupClosesAt', detail: TIMES_PROBLEM })
}

/** The organiser's console: events, registrations (masked), phone sign-ups, reveal with audit, CSV, check-in. */
const adminEventsRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.addHook('onRequest', app.requireStaff('organizer'))
  const notFound = () => new HttpProblem('not-found')

  app.get('/proposals', { schema: { tags: ['admin'], summary: 'Theme proposals: pending first, then ranked by support', response: { 200: AdminProposalListSchema } } }, async () => ({ items: await adminProposals(app.db) }))

  app.post('/proposals/:id/moderate', {
    schema: { tags: ['admin'], summary: 'Publish or reject a theme proposal', params: IdParamsSchema, body: ModerateProposalBodySchema, response: { 204: Type.Null(), 404: ProblemSchema } },
  }, async (request, reply) => {
    await audited(app.db, request, { action: `proposal.${request.body.decision}`, target: `proposal:${request.params.id}` }, async (tx) => {
      if (!await moderateProposal(tx, request.params.id, request.body.decision, request.staff!.id, app.now()))
        throw notFound()
    })
    return reply.code(204).send(null)
  })

  app.get('/:id/feedback', { schema: { tags: ['admin'], summary: 'Questionnaire results', params: IdParamsSchema, response: { 200: FeedbackSummarySchema } } }, async request => feedbackSummary(app.db, request.params.id))

  app.put('/:id/report', {
    schema: { tags: ['admin'], summary: 'Publish the 专项反馈 on the event page', params: IdParamsSchema, body: EventReportBodySchema, response: { 200: AdminEventSchema, 404: ProblemSchema } },
  }, async (request) => {
    await audited(app.db, request, { action: 'event.report', target: `event:${request.params.id}` }, async (tx) => {
      if (!await publishReport(tx, request.params.id, normaliseText(request.body.heard), normaliseText(request.body.actions), app.now()))
        throw notFound()
    })
    return (await adminEvent(app.db, request.params.id, app.now()))!
  })

  app.get('/', { schema: { tags: ['admin'], summary: 'Every event with live counts', response: { 200: AdminEventListSchema } } }, async () => ({ items: await adminEvents(app.db, app.now()) }))

  app.post('/', {
    schema: { tags: ['admin'], summary: 'Create an event (a draft unless published)', body: EventInputSchema, response: { 201: AdminEventSchema, 400: ProblemSchema } },
  }, async (request, reply) => {
    checkTimes(request.body)
    const secrets = await eventSecrets(app.db)
    const id = await audited(app.db, request, (id: number) => ({ action: 'event.create', target: `event:${id}` }), tx => createEvent(tx, secrets, request.body))
    return reply.code(201).send((await adminEvent(app.db, id, app.now()))!)
  })

  app.get('/:id', { schema: { tags: ['admin'], params: IdParamsSchema, response: { 200: AdminEventSchema, 404: ProblemSchema } } }, async (request) => {
    return (await adminEvent(app.db, request.params.id, app.now())) ?? Promise.reject(notFound())
  })

  app.put('/:id', {
    schema: { tags: ['admin'], summary: 'Edit an event; more places promote the waitlist at once', params: IdParamsSchema, body: EventInputSchema, response: { 200: AdminEventSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request) => {
    checkTimes(request.body)
    const { id } = request.params
    await audited(app.db, request, { action: 'event.update', target: `event:${id}` }, async (tx) => {
      const result = await updateEvent(tx, id, request.body)
      if (result === 'not-found')
        throw notFound()
      if (result === 'below-taken')
        throw new HttpProblem('conflict', { field: 'capacity', detail: { zh: '名额不能少于已确认的人数。', en: 'Capacity cannot be below the places already confirmed.' } })
      await promoteWaitlist(tx, id, app.now())
    })
    return (await adminEvent(app.db, id, app.now()))!
  })

  app.post('/:id/signup', {
    schema: { tags: ['admin'], summary: 'Open sign-up now, or close it now', params: IdParamsSchema, body: SignupWindowBodySchema, response: { 200: AdminEventSchema, 404: ProblemSchema } },
  }, async (request) => {
    await audited(app.db, request, { action: `event.signup-${request.body.action}`, target: `event:${request.params.id}` }, async (tx) => {
      if (!await setSignupWindow(tx, request.params.id, request.body.action, app.now()))
        throw notFound()
    })
    return (await adminEvent(app.db, request.params.id, app.now()))!
  })

  app.post('/:id/cancel', {
    schema: { tags: ['admin'], summary: 'Cancel the event; registrants see the notice', params: IdParamsSchema, body: CancelEventBodySchema, response: { 200: AdminEventSchema, 404: ProblemSchema } },
  }, async (request) => {
    await audited(app.db, request, { action: 'event.cancel', target: `event:${request.params.id}` }, async (tx) => {
      if (!await cancelEvent(tx, request.params.id, normaliseText(request.body.notice), app.now()))
        throw notFound()
    })
    return (await adminEvent(app.db, request.params.id, app.now()))!
  })

  app.get('/:id/registrations', {
    schema: { tags: ['admin'], summary: 'Registrations, phones masked; with the public key, for check-in offline', params: IdParamsSchema, response: { 200: AdminRegistrationListSchema, 404: ProblemSchema } },
  }, async (request) => {
    const event = await getEventRow(app.db, request.params.id)
    if (!event)
      throw notFound()
    return { items: await adminRegistrations(app.db, event.id), ticketPublicKey: event.ticketPublicKey, downloadedAt: app.now().toISOString() }
  })

  app.get('/:id/registrations.csv', {
    schema: { tags: ['admin'], summary: 'Registrations as CSV (UTF-8 with BOM, formulas escaped, phones masked)', params: IdParamsSchema, response: { 200: Type.String(), 404: ProblemSchema } },
  }, async (request, reply) => {
    const event = await getEventRow(app.db, request.params.id)
    if (!event)
      throw notFound()
    // read with its record, so a list is never handed out without one
    const rows = await audited(app.db, request, { action: 'registration.export', target: `event:${event.id}` }, tx => adminRegistrations(tx, event.id))
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="event-${event.id}-registrations.csv"`).send(registrationsCsv(rows))
  })

  app.post('/:id/registrations', {
    schema: { tags: ['admin'], summary: 'Register a resident who called by phone (ignores the sign-up window, not the places)', params: IdParamsSchema, body: PhoneSignUpBodySchema, response: { 201: SignUpResultSchema, 400: ProblemSchema, 404: ProblemSchema, 409: ProblemSchema } },
  }, async (request, reply) => {
    const body = request.body
    if (!body.consent)
      throw new HttpProblem('validation', { field: 'consent', detail: { zh: '请先征得来电人同意使用其姓名和手机号。', en: 'Please ask the caller to agree to the use of their name and number.' } })
    const { id } = request.params
    const secrets = await eventSecrets(app.db)
    const ticketPrivateKey = await sealedTicketKey(app.db, id)
    if (!ticketPrivateKey)
      throw notFound()
    // signed, hashed and encrypted before the transaction; the statement that takes the place (then only the commit
    // holds the event's lock) checks what staff can change (published, the party size) and throws why not
    const prepared = prepareRegistration(secrets, { event: { id, ticketPrivateKey }, name: normaliseText(body.name), phone: body.phone, partySize: body.partySize, source: 'phone', staffId: request.staff!.id, now: app.now() })
    const { code, partySize, ticket } = prepared
    const taken = await audited(app.db, request, { action: 'registration.phone', target: `registration:${code}` }, tx => takePlace(tx, { prepared }))
    return reply.code(201).send({ code, ...taken!, partySize, ticket, manageToken: manageToken(secrets, code) })
  })

  app.post('/:id/registrations/:code/reveal', {
    schema: { tags: ['admin'], summary: 'The full phone number, for a stated reason; written to the audit log', params: EventRegistrationParamsSchema, body: RevealBodySchema, response: { 200: RevealResultSchema, 404: ProblemSchema } },
    // changes nothing anyone reads: the places left, cached through a sign-up rush, stay
    config: { invalidates: [] },
  }, async (request) => {
    const { id, code } = request.params
    const secrets = await eventSecrets(app.db)
    return { phone: await auditedReveal(app.db, request, { action: 'registration.reveal-phone', target: `registration:${code}`, detail: { eventId: id } }, tx => registrationPhone(tx, secrets, id, code)) }
  })

  app.post('/:id/checkins', {
    schema: { tags: ['admin'], summary: 'Check-ins from the door, synced in batches; idempotent per code', params: IdParamsSchema, body: CheckinBatchBodySchema, response: { 200: CheckinResultSchema, 404: ProblemSchema } },
  }, async (request) => {
    const event = await getEventRow(app.db, request.params.id)
    if (!event)
      throw notFound()
    const now = app.now().getTime()
    const items = request.body.checkins.map(c => ({ code: c.code, at: new Date(Math.min(Date.parse(c.at), now)) }))
    return { results: await checkIn(app.db, event.id, request.staff!.id, items) }
  })
}
export default adminEventsRoutes
