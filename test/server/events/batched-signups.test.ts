import type { FastifyInstance } from 'fastify'
import type { PlaceRequest } from '../../../src/server/repositories/events'
import { randomUUID } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { sqlLiteral } from '../../../src/server/db/client'
import { events, idempotencyKeys, registrations } from '../../../src/server/db/schema'
import { getEventRow, placesStatement, prepareRegistration, takePlaces } from '../../../src/server/repositories/events'
import { eventSecrets } from '../../../src/server/services/event-secrets'
import { signupScope, takePlaceInTurn } from '../../../src/server/services/event-signup'
import { buildTestApp, watchWrites } from '../../support/app'
import { makeEvent, nextPhone, signUp } from './support'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

/** A resident's sign-up as the route prepares it, with its idempotency claim. */
async function request(eventId: number, partySize: number, o: { phone?: string, key?: string } = {}): Promise<PlaceRequest> {
  const event = (await getEventRow(app.db, eventId))!
  const now = new Date()
  const prepared = prepareRegistration(await eventSecrets(app.db), { event, name: '李四', phone: o.phone ?? nextPhone(), partySize, source: 'online', now })
  const claim = { scope: signupScope({ id: eventId }), key: o.key ?? randomUUID(), requestHash: randomUUID(), status: 201, response: { code: prepared.code } }
  return { prepared, claim, openAt: now }
}

interface PlanNode { 'Node Type': string, 'Relation Name'?: string, 'Actual Rows'?: number, 'Actual Loops'?: number, 'Plans'?: PlanNode[] }

function registrationsOf(eventId: number) {
  return app.db.select({ code: registrations.code, status: registrations.status, seq: registrations.waitlistSeq })
    .from(registrations)
    .where(eq(registrations.eventId, eventId))
    .orderBy(registrations.id)
}

describe('sign-ups taken together in one statement', () => {
  it('decides a batch exactly as one sign-up after another: first fit in arrival order, then the waitlist in order', async () => {
    const parties = [2, 1, 2, 1, 1, 2]
    const together = await makeEvent(app, { capacity: 4, maxParty: 2 })
    const alone = await makeEvent(app, { capacity: 4, maxParty: 2 })

    const batch = await takePlaces(app.db, together, await Promise.all(parties.map(p => request(together, p))))
    const oneByOne = []
    for (const p of parties)
      oneByOne.push((await takePlaces(app.db, alone, [await request(alone, p)]))[0])

    // 2 and 1 fit, the next 2 does not and waits, the 1 behind it takes the last place; the rest wait in order
    expect(batch).toEqual([
      { status: 'confirmed' },
      { status: 'confirmed' },
      { status: 'waitlisted', waitlistPosition: 1 },
      { status: 'confirmed' },
      { status: 'waitlisted', waitlistPosition: 2 },
      { status: 'waitlisted', waitlistPosition: 3 },
    ])
    expect(batch).toEqual(oneByOne)
    for (const id of [together, alone]) {
      expect(await getEventRow(app.db, id)).toMatchObject({ seatsTaken: 4, waitlistSeq: 3, waitlisted: 3 })
      expect((await registrationsOf(id)).map(r => [r.status, r.seq])).toEqual([['confirmed', null], ['confirmed', null], ['waitlisted', 1], ['confirmed', null], ['waitlisted', 2], ['waitlisted', 3]])
    }
    // and the next batch goes on from where the row was left
    expect(await takePlaces(app.db, together, [await request(together, 1), await request(together, 2)]))
      .toEqual([{ status: 'waitlisted', waitlistPosition: 4 }, { status: 'waitlisted', waitlistPosition: 5 }])
  })

  it('writes nothing for a sign-up the event does not allow, and the rest of its batch goes ahead', async () => {
    const id = await makeEvent(app, { capacity: 5, maxParty: 2 })
    const tooLarge = await request(id, 3)
    const requests = [await request(id, 1), tooLarge, await request(id, 2)]
    expect(await takePlaces(app.db, id, requests)).toEqual([{ status: 'confirmed' }, undefined, { status: 'confirmed' }])
    expect(await app.db.$count(idempotencyKeys, eq(idempotencyKeys.key, tooLarge.claim!.key))).toBe(0)
    expect((await registrationsOf(id)).map(r => r.code)).toEqual([requests[0]!.prepared.code, requests[2]!.prepared.code])
  })

  it('takes one key once when a batch carries it twice: the sign-up whose answer was stored goes ahead, the other replays it', async () => {
    const id = await makeEvent(app, { capacity: 5 })
    const key = 'twice-in-a-batch-0123456789'
    const phone = nextPhone()
    const both = [await request(id, 1, { key, phone }), await request(id, 1, { key, phone })]
    const taken = await takePlaces(app.db, id, both)
    expect(taken.filter(t => t === undefined)).toHaveLength(1)
    expect(taken.filter(t => t !== undefined)).toEqual([{ status: 'confirmed' }])
    const [stored] = await app.db.select({ response: idempotencyKeys.response }).from(idempotencyKeys).where(and(eq(idempotencyKeys.scope, signupScope({ id })), eq(idempotencyKeys.key, key)))
    const placed = both[taken.findIndex(t => t !== undefined)]!
    expect(stored!.response).toEqual({ code: placed.prepared.code })
    expect((await registrationsOf(id)).map(r => r.code)).toEqual([placed.prepared.code])
  })

  it('takes the sign-ups that arrive together in one statement, and those that arrive while it runs in the next', async () => {
    const id = await makeEvent(app, { capacity: 10 })
    const log = await watchWrites(app, 'events', 'update', 'id')
    try {
      const requests = await Promise.all(Array.from({ length: 20 }, () => request(id, 1)))
      const taken = await Promise.all(requests.map(r => takePlaceInTurn(app.db, id, r)))
      expect(taken.slice(0, 10)).toEqual(Array.from({ length: 10 }, () => ({ status: 'confirmed' })))
      expect(taken.slice(10)).toEqual(Array.from({ length: 10 }, (_, i) => ({ status: 'waitlisted', waitlistPosition: i + 1 })))
      expect(await log.count(id)).toBe(1)

      const later = await Promise.all(Array.from({ length: 6 }, () => request(id, 1)))
      const first = takePlaceInTurn(app.db, id, later[0]!)
      // the line's statement starts in the next turn of the event loop; these arrive once it has
      await new Promise(resolve => setImmediate(resolve))
      const rest = later.slice(1).map(r => takePlaceInTurn(app.db, id, r))
      expect(await Promise.all([first, ...rest])).toEqual(Array.from({ length: 6 }, (_, i) => ({ status: 'waitlisted', waitlistPosition: 11 + i })))
      expect(await log.count(id)).toBe(3)
    }
    finally {
      await log.stop()
    }
  })

  it('refuses, in the same statement, only the sign-ups whose phone is registered already or earlier in the batch', async () => {
    const id = await makeEvent(app, { capacity: 10 })
    const registered = nextPhone()
    const twice = nextPhone()
    expect((await signUp(app, id, { phone: registered })).statusCode).toBe(201)
    const requests = [await request(id, 1), await request(id, 1, { phone: registered }), await request(id, 1, { phone: twice }), await request(id, 1, { phone: twice }), await request(id, 1)]
    const log = await watchWrites(app, 'events', 'update', 'id')
    try {
      const outcomes = await Promise.allSettled(requests.map(r => takePlaceInTurn(app.db, id, r)))
      expect(outcomes.map(o => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled'])
      for (const refused of [outcomes[1], outcomes[3]])
        expect(refused).toMatchObject({ reason: { code: 'conflict', options: { field: 'phone' } } })
      // one statement for the five, none undone and run again one by one
      expect(await log.count(id)).toBe(1)
    }
    finally {
      await log.stop()
    }
    expect((await getEventRow(app.db, id))!.seatsTaken).toBe(4)
    for (const refused of [requests[1]!, requests[3]!])
      expect(await app.db.$count(idempotencyKeys, eq(idempotencyKeys.key, refused.claim!.key))).toBe(0)
  })

  it('replays a retry of a sign-up already taken, in a batch, rather than calling its phone a duplicate', async () => {
    const id = await makeEvent(app, { capacity: 10 })
    const phone = nextPhone()
    const first = await request(id, 1, { phone })
    expect(await takePlaces(app.db, id, [first])).toEqual([{ status: 'confirmed' }])
    const retry = await request(id, 1, { phone, key: first.claim!.key })
    expect(await takePlaces(app.db, id, [await request(id, 1), retry])).toEqual([{ status: 'confirmed' }, undefined])
  })

  it('stores a name with a lone surrogate as any text is stored, with U+FFFD in its place', async () => {
    const id = await makeEvent(app, { capacity: 2 })
    const res = await signUp(app, id, { name: '王\uD800五' })
    expect(res.statusCode).toBe(201)
    const [row] = await app.db.select({ name: registrations.name }).from(registrations).where(eq(registrations.code, res.json().code))
    expect(row!.name).toBe('王\uFFFD五')
  })

  // PGlite prepares the statement by name (executePrepared), so it can be run under EXPLAIN ANALYZE with the plan
  // a rush uses. Written as EXISTS … OR EXISTS …, the duplicate check was planned as a hashed subquery that read
  // every registration of the event on every statement: a sign-up cost 113 → 942 µs as one event grew to 18,000.
  it.runIf(inject('dbTemplate').kind === 'pglite')('reads at most one registration and one key per sign-up, whatever the event\'s size', { timeout: 60_000 }, async () => {
    const id = await makeEvent(app, { capacity: 5 })
    for (let round = 0; round < 30; round++)
      await takePlaces(app.db, id, await Promise.all(Array.from({ length: 20 }, () => request(id, 1))))
    const batch = await Promise.all(Array.from({ length: 10 }, () => request(id, 1)))
    const built = (app.db as unknown as { dialect: { sqlToQuery: (q: unknown) => { sql: string, params: unknown[] } } }).dialect.sqlToQuery(placesStatement(id, batch))
    const prepared = await app.db.execute(sql`select name from pg_prepared_statements where statement like ${`%${built.sql.slice(-120)}`}`) as unknown as { rows: Array<{ name: string }> }
    expect(prepared.rows).toHaveLength(1)
    const explained = await app.db.execute(sql.raw(`explain (analyze, format json) execute ${prepared.rows[0]!.name}(${built.params.map(sqlLiteral).join(', ')})`)) as unknown as { rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> }
    const reads: PlanNode[] = []
    const walk = (node: PlanNode) => {
      if (['event_registrations', 'idempotency_keys'].includes(node['Relation Name'] ?? '') && node['Node Type'] !== 'ModifyTable')
        reads.push(node)
      node.Plans?.forEach(walk)
    }
    walk(explained.rows[0]!['QUERY PLAN'][0]!.Plan)
    expect(reads.length).toBeGreaterThanOrEqual(2)
    // 600 registrations and keys of this event are there to read; each sign-up finds none of its own
    for (const node of reads)
      expect({ relation: node['Relation Name'], rows: node['Actual Rows']! * node['Actual Loops']! }).toEqual({ relation: node['Relation Name'], rows: 0 })
  })

  it('answers every resident of a rush over HTTP, each once, with one registration each', async () => {
    const id = await makeEvent(app, { capacity: 8 })
    const answers = await Promise.all(Array.from({ length: 40 }, () => signUp(app, id)))
    expect(answers.map(a => a.statusCode)).toEqual(answers.map(() => 201))
    const codes = answers.map(a => a.json().code as string)
    expect(new Set(codes).size).toBe(40)
    expect((await registrationsOf(id)).map(r => r.code).sort()).toEqual([...codes].sort())
    const [row] = await app.db.select().from(events).where(eq(events.id, id))
    expect(row).toMatchObject({ seatsTaken: 8, waitlisted: 32 })
  })
})
