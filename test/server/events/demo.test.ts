import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedEvents } from '../../../src/server/demo/events'
import { buildTestApp } from '../../support/app'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe('seedEvents', () => {
  it('loads open, full, not-yet-open, cancelled and past events', async () => {
    const summary = await app.db.transaction(tx => seedEvents(tx as never, new Date()))
    expect(summary).toMatch(/\d+ open-day events/)
    const { items } = (await app.inject('/api/events')).json() as { items: Array<{ signup: string, placesLeft: number, waitlisted: number }> }
    const states = new Set(items.map(e => e.signup))
    expect(states).toEqual(new Set(['open', 'not-open', 'cancelled']))
    expect(items.some(e => e.placesLeft === 0 && e.waitlisted > 0)).toBe(true)
    const past = new Date(Date.now() - 14 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 7)
    const pastItems = (await app.inject(`/api/events?month=${past}`)).json().items as Array<{ id: number, endsAt: string }>
    const ended = pastItems.find(e => Date.parse(e.endsAt) < Date.now())!
    expect((await app.inject(`/api/events/${ended.id}`)).json().report.actions).toContain('集中充电桩')
    const proposals = (await app.inject('/api/events/proposals')).json().items as Array<{ supportCount: number }>
    expect(proposals.map(p => p.supportCount)).toEqual([86, 41, 23, 9])
  })
})
