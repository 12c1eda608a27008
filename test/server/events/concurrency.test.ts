import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import appPlugin, { fastifyOptions } from '../../../src/server/app'
import { events } from '../../../src/server/db/schema'
import { buildTestApp } from '../../support/app'
import { cancel, makeEvent, mine, nextPhone, signUp } from './support'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe('a rush of sign-ups', () => {
  it('confirms exactly the 30 places out of 300 concurrent sign-ups and waitlists the rest in arrival order', { timeout: 120_000 }, async () => {
    const id = await makeEvent(app, { capacity: 30, maxParty: 2 })
    const started = performance.now()
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => signUp(app, id, { phone: nextPhone(), partySize: i % 7 === 0 ? 2 : 1 })))
    const seconds = (performance.now() - started) / 1000
    expect(answers.map(a => a.statusCode).filter(s => s !== 201)).toEqual([])
    const bodies = answers.map(a => a.json() as { code: string, status: string, waitlistPosition?: number, partySize: number, manageToken: string })
    const confirmed = bodies.filter(b => b.status === 'confirmed')
    const waitlisted = bodies.filter(b => b.status === 'waitlisted')
    const seats = confirmed.reduce((s, b) => s + b.partySize, 0)
    console.log(`[${process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite'}] 300 sign-ups in ${seconds.toFixed(2)} s (${(300 / seconds).toFixed(0)}/s): ${confirmed.length} confirmed (${seats} places), ${waitlisted.length} waitlisted`)

    const [row] = await app.db.select().from(events).where(eq(events.id, id))
    expect(row!.seatsTaken).toBe(seats)
    expect(seats).toBeLessThanOrEqual(30)
    // a party of 2 may be waitlisted when one place is left; nothing else is
    expect(seats).toBeGreaterThanOrEqual(29)
    expect(confirmed.length + waitlisted.length).toBe(300)
    // positions are 1..n with no gaps or repeats, each handed out once, in the order the places were claimed
    expect(waitlisted.map(w => w.waitlistPosition).sort((a, b) => a! - b!)).toEqual(Array.from({ length: waitlisted.length }, (_, i) => i + 1))

    // cancelling three confirmed parties promotes the first waitlisted who fit, in arrival order
    const byPosition = [...waitlisted].sort((a, b) => a.waitlistPosition! - b.waitlistPosition!)
    const freed = confirmed.slice(0, 3)
    // each cancellation promotes at once: simulate the rule one cancellation at a time
    let left = 30 - seats
    const waiting = [...byPosition]
    const expected: string[] = []
    for (const c of freed) {
      expect((await cancel(app, c.code, c.manageToken)).statusCode).toBe(200)
      left += c.partySize
      for (const w of [...waiting]) {
        if (w.partySize <= left) {
          expected.push(w.code)
          left -= w.partySize
          waiting.splice(waiting.indexOf(w), 1)
        }
      }
    }
    const states = await Promise.all(byPosition.slice(0, 20).map(async w => ({ code: w.code, status: (await mine(app, w.code, w.manageToken)).json().status })))
    expect(states.filter(s => s.status === 'confirmed').map(s => s.code)).toEqual(expected)
    const [after] = await app.db.select().from(events).where(eq(events.id, id))
    expect(after!.seatsTaken).toBe(30 - left)
    expect(after!.waitlisted).toBe(waiting.length)
  })

  it('never oversells, and keeps the waitlist\'s count, when sign-ups and cancellations interleave', { timeout: 120_000 }, async () => {
    const id = await makeEvent(app, { capacity: 10, maxParty: 3 })
    const first = await Promise.all(Array.from({ length: 40 }, (_, i) => signUp(app, id, { partySize: 1 + (i % 3) })))
    const regs = first.map(r => r.json() as { code: string, manageToken: string })
    await Promise.all([
      ...regs.slice(0, 20).map(r => cancel(app, r.code, r.manageToken)),
      ...Array.from({ length: 40 }, () => signUp(app, id, { partySize: 2 })),
    ])
    const [row] = await app.db.select().from(events).where(eq(events.id, id))
    const confirmedSeats = await app.db.execute<{ n: number }>(`select coalesce(sum(party_size), 0)::int as n from event_registrations where event_id = ${id} and status = 'confirmed'` as never) as unknown as { rows: Array<{ n: number }> }
    expect(row!.seatsTaken).toBeLessThanOrEqual(10)
    expect(Number(confirmedSeats.rows[0]!.n)).toBe(row!.seatsTaken)
    const waitlisted = await app.db.execute<{ n: number }>(`select count(*)::int as n from event_registrations where event_id = ${id} and status = 'waitlisted'` as never) as unknown as { rows: Array<{ n: number }> }
    expect(row!.waitlisted).toBe(Number(waitlisted.rows[0]!.n))
    expect(row!.waitlisted).toBeGreaterThan(0)
    // the next sign-up's place, from its own statement, is where the waitlist says it stands
    const next = (await signUp(app, id, { partySize: 3 })).json() as { code: string, manageToken: string, status: string, waitlistPosition: number }
    expect(next).toMatchObject({ status: 'waitlisted', waitlistPosition: row!.waitlisted + 1 })
    expect((await mine(app, next.code, next.manageToken)).json()).toMatchObject({ status: 'waitlisted', waitlistPosition: row!.waitlisted + 1 })
  })
})

describe('two server processes on one PostgreSQL database', () => {
  it.runIf(process.env.TEST_DATABASE_URL)('confirm exactly the places between them', { timeout: 120_000 }, async () => {
    const second = Fastify(fastifyOptions(app.config, 'silent'))
    await second.register(appPlugin, { config: app.config })
    await second.ready()
    try {
      const id = await makeEvent(app, { capacity: 25, maxParty: 1 })
      const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => signUp(i % 2 ? second : app, id)))
      const bodies = answers.map(a => a.json() as { status: string, waitlistPosition?: number })
      expect(bodies.filter(b => b.status === 'confirmed')).toHaveLength(25)
      const positions = bodies.filter(b => b.status === 'waitlisted').map(b => b.waitlistPosition!).sort((a, b) => a - b)
      expect(positions).toEqual(Array.from({ length: 175 }, (_, i) => i + 1))
      const [row] = await app.db.select().from(events).where(eq(events.id, id))
      expect(row).toMatchObject({ seatsTaken: 25, waitlisted: 175 })
    }
    finally {
      await second.close()
    }
  })
})
