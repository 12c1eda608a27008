import type { Database } from '../../../src/server/db/client'
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../../src/server/db/client'
import { events, registrations } from '../../../src/server/db/schema'
import { createEvent } from '../../../src/server/repositories/events-admin'
import { eventSecrets } from '../../../src/server/services/event-secrets'
import { freshData, startServerProcess, stopServerProcess } from '../../support/server-process'
import { eventInput } from '../events/support'

// The real server (server.ts) killed with SIGKILL in the middle of a sign-up rush, then started again on
// the same data: on a PGlite DATA_DIR, or (in the PostgreSQL run) on a fresh database of that server.
const CAPACITY = 36
const RUSH = 300
const KILL_AFTER = 30 // answers received before the kill

const data = freshData('crash')
let eventId = 0

function open(): Promise<Database> {
  return openDatabase(data.databaseUrl ? { kind: 'postgres', location: data.databaseUrl, poolSize: 2 } : { kind: 'pglite', location: join(data.dataDir, 'pglite') })
}

beforeAll(async () => {
  await data.create()
  // the event is made before the server starts, straight in its database (migrated by openDatabase)
  const database = await open()
  eventId = await createEvent(database.db, await eventSecrets(database.db), eventInput({ capacity: CAPACITY, maxParty: 1, status: 'published' }))
  await database.close()
}, 120_000)
afterAll(() => data.drop())

// one address sends the whole rush, so the limits are off (as in the bench); demo content is not needed
const start = () => startServerProcess(data, { LOG_LEVEL: 'warn', GONGKAI_DEMO: 'false', GONGKAI_RATE_LIMIT: 'off' })

interface Answer { code: string, status: string, manageToken: string }

function signUp(url: string, n: number): Promise<Response> {
  return fetch(`${url}/api/events/${eventId}/registrations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'origin': url, 'idempotency-key': randomUUID() },
    body: JSON.stringify({ name: `居民${n}`, phone: `137${String(n).padStart(8, '0')}`, partySize: 1, consent: true, fillMs: 5000 }),
  })
}

describe('SIGKILL in the middle of a sign-up rush', () => {
  it('loses no answered registration, oversells nothing, and the data opens cleanly after a restart', async () => {
    const first = start()
    const url = await first.url
    const answered: Answer[] = []
    let killed = false
    const exited = new Promise(resolve => first.child.once('exit', resolve))
    const rush = Array.from({ length: RUSH }, (_, n) => signUp(url, n).then(async (res) => {
      if (res.status === 201)
        answered.push(await res.json() as Answer)
      else
        await res.arrayBuffer()
      if (answered.length >= KILL_AFTER && !killed) {
        killed = true
        first.child.kill('SIGKILL')
      }
    }).catch(() => undefined)) // cut off by the kill: never answered, so never promised
    await Promise.all(rush)
    await exited
    expect(killed).toBe(true)
    expect(first.child.signalCode).toBe('SIGKILL')
    // the kill came part way: some of the rush was never answered
    expect(answered.length).toBeGreaterThanOrEqual(KILL_AFTER)
    expect(answered.length).toBeLessThan(RUSH)

    // started again on the same data: every 201 is there, in the state it was answered with
    const second = start()
    const again = await second.url
    for (const a of answered) {
      const res = await fetch(`${again}/api/registrations/${a.code}`, { headers: { 'x-manage-token': a.manageToken } })
      expect(res.status, a.code).toBe(200)
      expect((await res.json() as { status: string }).status).toBe(a.status)
    }
    // and sign-ups go on: the rest of the places fill, never more
    const more = await Promise.all(Array.from({ length: 60 }, (_, n) => signUp(again, 10_000 + n).then(r => r.status)))
    expect(more.every(s => s === 201)).toBe(true)
    await stopServerProcess(second.child)

    // the data, opened directly once the server has stopped
    const database = await open()
    try {
      const [event] = await database.db.select().from(events).where(eq(events.id, eventId))
      const rows = await database.db.select({ code: registrations.code, status: registrations.status, partySize: registrations.partySize, waitlistSeq: registrations.waitlistSeq }).from(registrations).where(eq(registrations.eventId, eventId))
      const confirmed = rows.filter(r => r.status === 'confirmed').reduce((sum, r) => sum + r.partySize, 0)
      expect(confirmed).toBeLessThanOrEqual(CAPACITY)
      expect(confirmed).toBe(CAPACITY) // 60 more after the restart fill whatever was left
      expect(event!.seatsTaken).toBe(confirmed)
      const codes = new Set(rows.map(r => r.code))
      expect(answered.every(a => codes.has(a.code))).toBe(true)
      const seqs = rows.filter(r => r.status === 'waitlisted').map(r => r.waitlistSeq)
      expect(new Set(seqs).size).toBe(seqs.length)
      const [check] = (await database.db.execute(sql`select count(*)::int as n from event_registrations`) as unknown as { rows: Array<{ n: number }> }).rows
      expect(check!.n).toBe(rows.length)
    }
    finally {
      await database.close()
    }
  }, 240_000)
})
