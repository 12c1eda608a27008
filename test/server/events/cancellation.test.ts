import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestApp } from '../../support/app'
import { cancel, makeEvent, mine, setEvent, signUp } from './support'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

const placesLeft = async (id: number) => (await app.inject(`/api/events/${id}`)).json().placesLeft as number
const waitlisted = async (id: number) => (await app.inject(`/api/events/${id}`)).json().waitlisted as number

describe('POST /api/registrations/:code/cancel', () => {
  it('frees the places and confirms the first on the waitlist, who sees it next time', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const a = (await signUp(app, id, { partySize: 2 })).json()
    const b = (await signUp(app, id)).json()
    const c = (await signUp(app, id)).json()
    expect([b.status, c.status]).toEqual(['waitlisted', 'waitlisted'])
    expect(await waitlisted(id)).toBe(2)

    const res = await cancel(app, a.code, a.manageToken)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json().status).toBe('cancelled')
    expect((await mine(app, b.code, b.manageToken)).json()).toMatchObject({ status: 'confirmed' })
    expect((await mine(app, c.code, c.manageToken)).json()).toMatchObject({ status: 'confirmed' })
    expect(await placesLeft(id)).toBe(0)
    expect(await waitlisted(id)).toBe(0)
  })

  it('skips a party too large for the freed place for a smaller one behind it', async () => {
    const id = await makeEvent(app, { capacity: 3, maxParty: 3 })
    const one = (await signUp(app, id, { partySize: 1 })).json()
    await signUp(app, id, { partySize: 2 })
    const big = (await signUp(app, id, { partySize: 3 })).json()
    const small = (await signUp(app, id, { partySize: 1 })).json()
    const later = (await signUp(app, id, { partySize: 1 })).json()
    expect(big).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(small).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })

    await cancel(app, one.code, one.manageToken)
    expect((await mine(app, big.code, big.manageToken)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect((await mine(app, small.code, small.manageToken)).json().status).toBe('confirmed')
    expect((await mine(app, later.code, later.manageToken)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
    expect(await placesLeft(id)).toBe(0)
    expect(await waitlisted(id)).toBe(2)
    // a new sign-up's place comes from its own statement: behind the two still waiting
    expect((await signUp(app, id, { partySize: 1 })).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 3 })
  })

  it('cancelling from the waitlist frees nothing and moves the others up', async () => {
    const id = await makeEvent(app, { capacity: 1 })
    await signUp(app, id)
    const w1 = (await signUp(app, id)).json()
    const w2 = (await signUp(app, id)).json()
    await cancel(app, w1.code, w1.manageToken)
    expect((await mine(app, w2.code, w2.manageToken)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(await placesLeft(id)).toBe(0)
    expect(await waitlisted(id)).toBe(1)
    expect((await signUp(app, id)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
  })

  it('stops promoting once the event has started', async () => {
    const id = await makeEvent(app, { capacity: 1 })
    const a = (await signUp(app, id)).json()
    const w = (await signUp(app, id)).json()
    await setEvent(app, id, { startsAt: new Date(Date.now() - 60_000) })
    await cancel(app, a.code, a.manageToken)
    expect((await mine(app, w.code, w.manageToken)).json().status).toBe('waitlisted')
  })

  it('is idempotent and needs the right token', async () => {
    const id = await makeEvent(app, { capacity: 4 })
    const a = (await signUp(app, id, { partySize: 2 })).json()
    expect((await cancel(app, a.code, 'wrong-token-wrong-token')).statusCode).toBe(404)
    await cancel(app, a.code, a.manageToken)
    await cancel(app, a.code, a.manageToken)
    expect(await placesLeft(id)).toBe(4)
  })
})
