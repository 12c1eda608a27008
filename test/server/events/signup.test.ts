import type { FastifyInstance } from 'fastify'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { idempotencyKeys } from '../../../src/server/db/schema'
import { getEventRow, prepareRegistration, refusalOf, registrationStanding, takePlace } from '../../../src/server/repositories/events'
import { eventSecrets } from '../../../src/server/services/event-secrets'
import { onceInOneStatement } from '../../../src/server/services/idempotency'
import { buildTestApp, watchWrites } from '../../support/app'
import { countStatements } from '../../support/statements'
import { cancel, makeEvent, mine, nextPhone, setEvent, signUp } from './support'

const HOUR = 3600_000
let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe('GET /api/events', () => {
  it('lists upcoming published events with places left, and filters them', async () => {
    const a = await makeEvent(app, { title: '走进水厂', district: 'yangpu', topic: 'environment', capacity: 5 })
    const b = await makeEvent(app, { title: '草稿活动', status: 'draft' })
    const past = await makeEvent(app, { title: '已结束', startsAt: new Date(Date.now() - 48 * HOUR).toISOString(), endsAt: new Date(Date.now() - 46 * HOUR).toISOString(), signupOpensAt: new Date(Date.now() - 100 * HOUR).toISOString(), signupClosesAt: new Date(Date.now() - 50 * HOUR).toISOString() })
    const all = (await app.inject('/api/events')).json()
    const ids = all.items.map((e: { id: number }) => e.id)
    expect(ids).toContain(a)
    expect(ids).not.toContain(b)
    expect(ids).not.toContain(past)
    expect(all.items.find((e: { id: number }) => e.id === a)).toMatchObject({ placesLeft: 5, signup: 'open', district: 'yangpu' })

    const yangpu = (await app.inject('/api/events?district=yangpu&topic=environment')).json()
    expect(yangpu.items.map((e: { id: number }) => e.id)).toEqual([a])
    const month = new Date(Date.now() - 47 * HOUR + 8 * HOUR).toISOString().slice(0, 7)
    const monthView = (await app.inject(`/api/events?month=${month}`)).json()
    expect(monthView.items.map((e: { id: number }) => e.id)).toContain(past)
  })

  it('uses the same number of statements for one event as for eight, each with sign-ups', async () => {
    const listed = async () => {
      let items = 0
      const n = await countStatements(app, async () => {
        items = (await app.inject('/api/events?district=songjiang')).json().items.length
      })
      return { items, n }
    }
    const first = await makeEvent(app, { title: '松江一场', district: 'songjiang', capacity: 3 })
    await signUp(app, first)
    const one = await listed()
    expect(one.items).toBe(1)
    expect(one.n).toBeGreaterThan(0)
    for (let i = 0; i < 7; i++)
      await signUp(app, await makeEvent(app, { title: `松江第 ${i + 2} 场`, district: 'songjiang', capacity: 3 }))
    expect(await listed()).toEqual({ items: 8, n: one.n })
  })

  it('filters by "still has places"', async () => {
    const full = await makeEvent(app, { title: '满员活动', capacity: 1, district: 'jinshan' })
    expect((await signUp(app, full)).json().status).toBe('confirmed')
    const res = (await app.inject('/api/events?hasPlaces=true&district=jinshan')).json()
    expect(res.items).toEqual([])
  })
})

describe('GET /api/events/:id', () => {
  it('shows the event with its places left and public key, and hides drafts', async () => {
    const id = await makeEvent(app, { capacity: 8, livestreamUrl: 'https://live.example.cn/1' })
    await signUp(app, id, { partySize: 3 })
    const res = await app.inject(`/api/events/${id}`)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ placesLeft: 5, capacity: 8, livestreamUrl: 'https://live.example.cn/1', programme: [{ kind: 'qa' }] })
    expect(res.json().ticketPublicKey).toMatch(/^[\w-]{43}$/)
    expect(res.body).not.toContain('139')
    const draft = await makeEvent(app, { status: 'draft' })
    expect((await app.inject(`/api/events/${draft}`)).statusCode).toBe(404)
  })
})

describe('POST /api/events/:id/registrations', () => {
  it('confirms while places last, then waitlists with a position', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const first = await signUp(app, id, { partySize: 2 })
    expect(first.statusCode).toBe(201)
    expect(first.headers['cache-control']).toBe('no-store')
    const body = first.json()
    expect(body).toMatchObject({ status: 'confirmed', partySize: 2 })
    expect(body.code).toMatch(/^[A-Z0-9]{10}$/)
    expect(body.manageToken.length).toBeGreaterThanOrEqual(32)
    expect(body.waitlistPosition).toBeUndefined()
    const second = (await signUp(app, id)).json()
    const third = (await signUp(app, id)).json()
    expect(second).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect(third).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 })
  })

  it('refuses a second registration from the same phone with a clear message', async () => {
    const id = await makeEvent(app)
    const phone = nextPhone()
    expect((await signUp(app, id, { phone })).statusCode).toBe(201)
    const again = await signUp(app, id, { phone, name: '李四' })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'conflict', field: 'phone', detail: expect.stringContaining('已报名') })
    // another event is fine
    expect((await signUp(app, await makeEvent(app), { phone })).statusCode).toBe(201)
  })

  it('lets a number register again after cancelling', async () => {
    const id = await makeEvent(app)
    const phone = nextPhone()
    const first = (await signUp(app, id, { phone })).json()
    await app.inject({ method: 'POST', url: `/api/registrations/${first.code}/cancel`, headers: { 'content-type': 'application/json', 'origin': 'http://localhost:80', 'x-manage-token': first.manageToken }, payload: {} })
    expect((await signUp(app, id, { phone })).statusCode).toBe(201)
  })

  it('keeps party sizes within the event\'s limit', async () => {
    const id = await makeEvent(app, { maxParty: 2, capacity: 10 })
    const phone = nextPhone()
    const key = 'too-many-then-fewer-0123456789'
    const tooMany = await signUp(app, id, { partySize: 3, phone }, key)
    expect(tooMany.statusCode).toBe(400)
    expect(tooMany.json()).toMatchObject({ field: 'partySize', detail: expect.stringContaining('最多 2 人') })
    expect((await signUp(app, id, { partySize: 0 })).json().field).toBe('partySize')
    // the refusal kept nothing, the key included: the corrected request under the same key is judged afresh
    expect((await signUp(app, id, { partySize: 2, phone }, key)).json().status).toBe('confirmed')
    expect((await app.inject(`/api/events/${id}`)).json().placesLeft).toBe(8)
  })

  it('takes no sign-up for a draft or a missing event', async () => {
    const draft = await makeEvent(app, { status: 'draft' })
    expect((await signUp(app, draft)).statusCode).toBe(404)
    expect((await getEventRow(app.db, draft))!.seatsTaken).toBe(0)
    expect((await signUp(app, 2_147_483_000)).statusCode).toBe(404)
  })

  it('validates the phone number, the consent and the honeypot', async () => {
    const id = await makeEvent(app)
    for (const phone of ['12345678901', '1391234567', '139123456789', '+8613912345678']) {
      const res = await signUp(app, id, { phone })
      expect(res.statusCode).toBe(400)
      expect(res.json().field).toBe('phone')
    }
    const noConsent = await signUp(app, id, { consent: false })
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.json()).toMatchObject({ field: 'consent', detail: expect.stringContaining('同意') })
    const bot = await signUp(app, id, { website: 'http://spam.example' })
    expect(bot.statusCode).toBe(400)
    expect((await app.inject(`/api/events/${id}`)).json().placesLeft).toBe(10)
  })

  it('answers a retried request once, with the same code and token', async () => {
    const id = await makeEvent(app, { capacity: 5 })
    const phone = nextPhone()
    const key = 'retry-key-0123456789'
    const first = await signUp(app, id, { phone }, key)
    const again = await signUp(app, id, { phone }, key)
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    expect((await app.inject(`/api/events/${id}`)).json().placesLeft).toBe(4)
    const other = await signUp(app, id, { phone: nextPhone() }, key)
    expect(other.statusCode).toBe(409)
  })

  it('still answers a retry once sign-up has closed, and refuses a new key then', async () => {
    const id = await makeEvent(app, { capacity: 5 })
    const phone = nextPhone()
    const key = 'retry-after-close-0123456789'
    const first = await signUp(app, id, { phone }, key)
    expect(first.statusCode).toBe(201)
    await setEvent(app, id, { signupClosesAt: new Date(Date.now() - 1000) })
    const again = await signUp(app, id, { phone }, key)
    expect(again.statusCode).toBe(201)
    expect(again.json()).toEqual(first.json())
    const late = await signUp(app, id, { phone: nextPhone() })
    expect(late.statusCode).toBe(409)
    expect(late.json().detail).toContain('报名已截止')
    // a different body under the answered key is still refused as a reused key, not replayed
    const reused = await signUp(app, id, { phone: nextPhone() }, key)
    expect(reused.statusCode).toBe(409)
    expect(reused.json().detail).toContain('请求编号')
  })

  it('tells a retry where the registration stands now: waitlisted, then confirmed once a place is freed', async () => {
    const id = await makeEvent(app, { capacity: 1 })
    const holder = (await signUp(app, id)).json()
    const phone = nextPhone()
    const key = 'retry-waitlist-0123456789'
    const first = (await signUp(app, id, { phone }, key)).json()
    expect(first).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 })
    expect((await signUp(app, id, { phone }, key)).json()).toEqual(first)

    expect((await cancel(app, holder.code, holder.manageToken)).statusCode).toBe(200)
    const later = await signUp(app, id, { phone }, key)
    expect(later.statusCode).toBe(201)
    const { waitlistPosition: _, ...confirmed } = first
    expect(later.json()).toEqual({ ...confirmed, status: 'confirmed' })
    // the retry wrote nothing: one place taken, nobody waiting
    expect((await app.inject(`/api/events/${id}`)).json()).toMatchObject({ placesLeft: 0, waitlisted: 0 })
  })

  it('answers the same key sent many times at once with one registration', async () => {
    const id = await makeEvent(app, { capacity: 3 })
    const phone = nextPhone()
    const key = 'storm-key-0123456789'
    const answers = await Promise.all(Array.from({ length: 6 }, () => signUp(app, id, { phone }, key)))
    expect(answers.map(a => a.statusCode)).toEqual(Array.from({ length: 6 }, () => 201))
    expect(new Set(answers.map(a => a.json().code)).size).toBe(1)
    expect(answers.every(a => a.json().status === 'confirmed')).toBe(true)
    expect((await app.inject(`/api/events/${id}`)).json().placesLeft).toBe(2)
  })

  /** A resident's sign-up as the route makes it, with a hook run once the answer is prepared. */
  async function signing(id: number, key: string, meanwhile: () => Promise<void>) {
    const row = (await getEventRow(app.db, id))!
    const now = new Date()
    const prepared = prepareRegistration(await eventSecrets(app.db), { event: row, name: '张三', phone: nextPhone(), partySize: 1, source: 'online', now })
    const done = onceInOneStatement(app.db, `event-signup:${id}`, key, { phone: 'x' }, async () => {
      await meanwhile()
      return {
        answer: { status: 201, body: { code: prepared.code } },
        write: claim => takePlace(app.db, { prepared, claim, openAt: now }),
        refusal: () => refusalOf(app.db, id, 1, now),
      }
    })
    return { prepared, done }
  }
  const keysFor = (id: number, key: string) => app.db.$count(idempotencyKeys, and(eq(idempotencyKeys.scope, `event-signup:${id}`), eq(idempotencyKeys.key, key)))

  it('refuses a sign-up for an event cancelled after its page was read, and writes no key, so a retry is judged afresh', async () => {
    const id = await makeEvent(app, { capacity: 3 })
    const key = 'cancelled-before-0123456789'
    const log = await watchWrites(app, 'idempotency_keys', 'insert', 'key')
    try {
      const { prepared, done } = await signing(id, key, () => setEvent(app, id, { status: 'cancelled' }))
      await expect(done).rejects.toMatchObject({ code: 'conflict', options: { detail: { zh: expect.stringContaining('已取消') } } })
      expect((await getEventRow(app.db, id))!.seatsTaken).toBe(0)
      expect(await registrationStanding(app.db, prepared.code)).toBeUndefined()
      expect(await keysFor(id, key)).toBe(0)
      expect(await log.count(key)).toBe(0)
      // the log sees a key that is taken
      const open = await makeEvent(app)
      expect((await signUp(app, open, {}, 'logged-key-0123456789')).statusCode).toBe(201)
      expect(await log.count('logged-key-0123456789')).toBe(1)
    }
    finally {
      await log.stop()
    }
  })

  // Two sessions at once: PGlite runs one statement at a time, so only PostgreSQL can stage this race.
  it.runIf(inject('dbTemplate').kind === 'postgres')('writes no key when the event is cancelled while the statement waits for its lock', async () => {
    const id = await makeEvent(app, { capacity: 3 })
    const key = 'cancelled-under-lock-0123456789'
    const log = await watchWrites(app, 'idempotency_keys', 'insert', 'key')
    let result: Promise<unknown> | undefined
    await app.db.transaction(async (tx) => {
      await tx.execute(sql`select id from events where id = ${id} for update`)
      const { done } = await signing(id, key, async () => {})
      result = done.catch(error => error)
      // the sign-up's statement has taken its snapshot (the event open) and waits for the row
      await expect.poll(async () => {
        const waiting = await app.db.execute(sql`select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like 'with recursive items as%'`) as unknown as { rows: Array<{ n: number }> }
        return Number(waiting.rows[0]!.n)
      }, { timeout: 5000 }).toBe(1)
      await tx.execute(sql`update events set status = 'cancelled' where id = ${id}`)
    })
    // it decides from the row as the cancellation left it, not from its snapshot: no place, no key
    const error = await result
    expect(error).toMatchObject({ code: 'conflict', options: { detail: { zh: expect.stringContaining('已取消') } } })
    expect((await getEventRow(app.db, id))!.seatsTaken).toBe(0)
    expect(await log.count(key)).toBe(0)
    expect(await keysFor(id, key)).toBe(0)
    await log.stop()
  })

  it('explains the window: before it opens, after it closes, and for a cancelled event', async () => {
    const soon = await makeEvent(app, { signupOpensAt: new Date(Date.now() + HOUR).toISOString() })
    const before = await signUp(app, soon)
    expect(before.statusCode).toBe(409)
    expect(before.json().detail).toContain('报名尚未开始')

    const open = await makeEvent(app)
    expect((await signUp(app, open)).statusCode).toBe(201)

    const closed = await makeEvent(app, { signupOpensAt: new Date(Date.now() - 2 * HOUR).toISOString(), signupClosesAt: new Date(Date.now() - HOUR).toISOString() })
    const after = await app.inject({ method: 'POST', url: `/api/events/${closed}/registrations`, headers: { 'content-type': 'application/json', 'origin': 'http://localhost:80', 'idempotency-key': 'closed-key-0123456789', 'accept-language': 'en' }, payload: { name: 'A', phone: nextPhone(), partySize: 1, consent: true } })
    expect(after.statusCode).toBe(409)
    expect(after.json().detail).toBe('Sign-up has closed.')

    const cancelled = await makeEvent(app)
    await setEvent(app, cancelled, { status: 'cancelled', cancellationNotice: '因台风取消' })
    const res = await signUp(app, cancelled)
    expect(res.statusCode).toBe(409)
    expect(res.json().detail).toContain('已取消')
    expect((await app.inject(`/api/events/${cancelled}`)).json()).toMatchObject({ signup: 'cancelled', cancellationNotice: '因台风取消' })
  })

  it('answers 404 for an unknown event', async () => {
    expect((await signUp(app, 999999)).statusCode).toBe(404)
  })
})

describe('GET /api/registrations/:code', () => {
  it('needs the manage token in a header and never shows the phone number', async () => {
    const id = await makeEvent(app)
    const phone = nextPhone()
    const reg = (await signUp(app, id, { phone })).json()
    const res = await mine(app, reg.code, reg.manageToken)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.json()).toMatchObject({ code: reg.code, status: 'confirmed', event: { id } })
    expect(res.body).not.toContain(phone)
    expect(res.body).not.toContain('张三')
    expect((await mine(app, reg.code, 'x'.repeat(43))).statusCode).toBe(404)
    expect((await app.inject(`/api/registrations/${reg.code}`)).statusCode).toBe(400)
  })
})
