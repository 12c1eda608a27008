import type { FastifyInstance } from 'fastify'
import type { EventInput } from '../../../src/shared/schemas/events'
import { randomUUID } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { events } from '../../../src/server/db/schema'
import { createEvent } from '../../../src/server/repositories/events-admin'
import { eventSecrets } from '../../../src/server/services/event-secrets'
import { jsonWrite, newStaffSession } from '../../support/app'

const HOUR = 3600_000

/** An event input whose sign-up is open now and which starts in a week; override what a test needs. */
export function eventInput(overrides: Partial<EventInput> = {}): EventInput {
  const now = Date.now()
  return {
    title: '走进区行政服务中心',
    description: '了解"一网通办"如何办理。',
    organiser: '浦东新区政府办公室',
    district: 'pudong',
    topic: 'government',
    venue: '浦东新区行政服务中心',
    address: '浦东新区合欢路2号',
    transitHint: '地铁6号线博兴路站3号口步行5分钟',
    accessibility: '无障碍通道，电梯可达',
    programme: [{ kind: 'qa', title: '政策答疑' }],
    startsAt: new Date(now + 7 * 24 * HOUR).toISOString(),
    endsAt: new Date(now + 7 * 24 * HOUR + 2 * HOUR).toISOString(),
    capacity: 10,
    maxParty: 3,
    signupOpensAt: new Date(now - HOUR).toISOString(),
    signupClosesAt: new Date(now + 6 * 24 * HOUR).toISOString(),
    status: 'published',
    ...overrides,
  }
}

export async function makeEvent(app: FastifyInstance, overrides: Partial<EventInput> = {}): Promise<number> {
  return createEvent(app.db, await eventSecrets(app.db), eventInput(overrides))
}

export async function setEvent(app: FastifyInstance, id: number, set: Partial<typeof events.$inferInsert>) {
  await app.db.update(events).set(set).where(eq(events.id, id))
}

let phoneSeq = 0
/** A distinct valid Chinese mobile number per call. */
export const nextPhone = () => `139${String(10_000_000 + phoneSeq++).slice(-8)}`

export function signUp(app: FastifyInstance, eventId: number, body: Partial<{ name: string, phone: string, partySize: number, consent: boolean, website: string }> = {}, key: string = randomUUID()) {
  return app.inject({
    method: 'POST',
    url: `/api/events/${eventId}/registrations`,
    headers: { ...jsonWrite, 'idempotency-key': key },
    payload: { name: '张三', phone: nextPhone(), partySize: 1, consent: true, ...body },
  })
}

export function cancel(app: FastifyInstance, code: string, token: string) {
  return app.inject({ method: 'POST', url: `/api/registrations/${code}/cancel`, headers: { ...jsonWrite, 'x-manage-token': token }, payload: {} })
}

export function mine(app: FastifyInstance, code: string, token: string) {
  return app.inject({ url: `/api/registrations/${code}`, headers: { 'x-manage-token': token } })
}

/** Signs an organiser in; returns the cookie header value. */
export async function organiser(app: FastifyInstance, email = `org-${randomUUID().slice(0, 8)}@pudong.gov.cn`): Promise<string> {
  return (await newStaffSession(app, 'organizer', { email, displayName: '活动组织者' })).cookie
}
