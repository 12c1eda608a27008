import type { FastifyInstance } from 'fastify'
import { randomUUID } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { interpretations, questions } from '../../../src/server/db/schema'
import { loadDemoContent } from '../../../src/server/demo/load'
import { buildTestApp, jsonWrite, newStaffSession } from '../../support/app'
import { cancel, makeEvent, setEvent, signUp } from '../events/support'

// plugins/read-cache.ts: public reads answered from memory for a moment, emptied by any successful write
let app: FastifyInstance
let eventId: number
beforeAll(async () => {
  app = await buildTestApp({ readCacheMs: 60_000 })
  await loadDemoContent(app.db, new Date())
  eventId = await makeEvent(app, { capacity: 10 })
})
afterAll(() => app.close())

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers })

describe('the read cache', () => {
  it('answers the same public read from memory, byte for byte, with its headers', async () => {
    const first = await get('/api/documents?limit=5')
    const second = await get('/api/documents?limit=5')
    expect(first.headers['x-read-cache']).toBeUndefined()
    expect(second.headers['x-read-cache']).toBe('hit')
    expect(second.body).toBe(first.body)
    expect(second.headers['content-type']).toBe(first.headers['content-type'])
    expect(second.headers['cache-control']).toBe(first.headers['cache-control'])
  })

  it('keeps each compression apart, and serves every language from one entry: no cached answer depends on it', async () => {
    const url = '/api/documents?limit=3'
    const zh = await get(url)
    const en = await get(url, { 'accept-language': 'en' })
    expect(en.headers['x-read-cache']).toBe('hit')
    expect(en.body).toBe(zh.body)
    // a problem is in the asked language, and never comes from the cache
    await get('/api/documents/2147483000')
    const missing = await get('/api/documents/2147483000', { 'accept-language': 'en' })
    expect(missing.headers['x-read-cache']).toBeUndefined()
    expect(missing.json().detail).toMatch(/could not find/)
    const gz1 = await get(url, { 'accept-encoding': 'gzip' })
    const gz2 = await get(url, { 'accept-encoding': 'gzip' })
    expect(gz1.headers['x-read-cache']).toBeUndefined()
    expect(gz2.headers['x-read-cache']).toBe('hit')
    expect(gz2.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz2.rawPayload).toString('utf8')).toBe(zh.body)
  })

  it('sends Vary: Accept-Encoding once, from memory as at first', async () => {
    const url = '/api/documents?limit=5'
    const first = await get(url, { 'accept-encoding': 'identity' })
    const again = await get(url, { 'accept-encoding': 'identity' })
    expect(first.rawPayload.length).toBeGreaterThan(1400) // long enough to be compressed for those who take it
    expect(again.headers['x-read-cache']).toBe('hit')
    expect(first.headers.vary).toBe('Accept-Encoding')
    expect(again.headers.vary).toBe('Accept-Encoding')
  })

  it('is emptied by a successful write, so places left are never stale in this process', async () => {
    const before = (await get(`/api/events/${eventId}`)).json()
    expect((await get(`/api/events/${eventId}`)).headers['x-read-cache']).toBe('hit')
    const signed = await signUp(app, eventId, { partySize: 2 })
    expect(signed.statusCode).toBe(201)
    const after = await get(`/api/events/${eventId}`)
    expect(after.headers['x-read-cache']).toBeUndefined()
    expect(after.json().placesLeft).toBe(before.placesLeft - 2)
  })

  it('is emptied by a resident\'s write of the answers it can change only, and by a staff write of all', async () => {
    const docs = '/api/documents?limit=4'
    const cached = async () => ({ documents: (await get(docs)).headers['x-read-cache'] === 'hit', events: (await get(`/api/events/${eventId}`)).headers['x-read-cache'] === 'hit' })
    await cached()
    // a sign-up, and its cancellation: the events' answers
    const signed = await signUp(app, eventId)
    expect(signed.statusCode).toBe(201)
    expect(await cached()).toEqual({ documents: true, events: false })
    expect((await cancel(app, signed.json().code, signed.json().manageToken)).statusCode).toBe(200)
    expect(await cached()).toEqual({ documents: true, events: false })
    // a question, shown on its document only once answered: none
    const [doc] = (await get(docs)).json().items as Array<{ id: number }>
    const asked = await app.inject({ method: 'POST', url: `/api/documents/${doc!.id}/questions`, headers: { ...jsonWrite, 'idempotency-key': randomUUID() }, payload: { text: '读取缓存会因为提问而清空吗？' } })
    expect(asked.statusCode).toBe(201)
    expect(await cached()).toEqual({ documents: true, events: true })
    // its asker deleting it, which an answered one's document shows: the documents' answers
    const deleted = await app.inject({ method: 'POST', url: `/api/questions/receipts/${asked.json().receiptNumber}/delete`, headers: { ...jsonWrite, 'x-receipt-token': asked.json().receiptToken }, payload: {} })
    expect(deleted.statusCode).toBe(204)
    expect(await cached()).toEqual({ documents: false, events: true })
    // a 有用 vote on an interpretation, whose count no cached answer shows: none
    const [interp] = await app.db.select({ id: interpretations.id }).from(interpretations).limit(1)
    const vote = await app.inject({ method: 'POST', url: `/api/interpretations/${interp!.id}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-readcache-0000000', helpful: true } })
    expect(vote.statusCode).toBe(200)
    expect(await cached()).toEqual({ documents: true, events: true })
    // a 有用 vote on an answered question, which its document's answer counts: the documents' answers, and the new count shows
    const [answered] = await app.db.select({ id: questions.id, documentId: questions.documentId, yes: questions.helpfulYes }).from(questions).where(eq(questions.status, 'answered')).limit(1)
    await get(`/api/documents/${answered!.documentId}`)
    const counted = await app.inject({ method: 'POST', url: `/api/questions/${answered!.id}/helpful`, headers: jsonWrite, payload: { deviceId: 'device-readcache-0000001', helpful: true } })
    expect(counted.statusCode).toBe(200)
    expect(await cached()).toEqual({ documents: false, events: true })
    const page = await get(`/api/documents/${answered!.documentId}`)
    expect(page.headers['x-read-cache']).toBeUndefined()
    expect(page.json().questions.find((q: { id: number }) => q.id === answered!.id).helpful.yes).toBe(answered!.yes + 1)
    // a staff write (here a sign-in) says nothing: everything goes
    const { cookie } = await newStaffSession(app, 'organizer')
    expect(await cached()).toEqual({ documents: false, events: false })
    // but a registrant's phone revealed to staff changes nothing anyone reads: a sign-up rush's answers stay
    const revealed = await app.inject({ method: 'POST', url: `/api/admin/events/${eventId}/registrations/${signed.json().code}/reveal`, headers: { ...jsonWrite, cookie }, payload: { reason: '核实报名信息' } })
    expect(revealed.statusCode).toBe(200)
    expect(await cached()).toEqual({ documents: true, events: true })
  })

  it('is not built with a resident\'s write that does not say which answers it can change', async () => {
    const build = buildTestApp({ readCacheMs: 60_000 }, {
      onRoute: (route) => {
        if (route.method === 'POST' && route.url === '/api/documents/:id/questions')
          delete route.config!.invalidates
      },
    })
    await expect(build).rejects.toThrow('POST /api/documents/:id/questions: a resident\'s write says which cached answers it can change')
  })

  it('fetches an answer once: requests asking meanwhile wait for it and get it', async () => {
    // (concurrent injects reach the hook before the first one's queries answer: 'shared' says they waited)
    const url = '/api/documents?limit=6'
    const answers = await Promise.all(Array.from({ length: 6 }, () => get(url)))
    expect(answers.map(a => a.statusCode)).toEqual([200, 200, 200, 200, 200, 200])
    expect(answers.filter(a => a.headers['x-read-cache'] === undefined)).toHaveLength(1)
    expect(answers.filter(a => a.headers['x-read-cache'] === 'shared')).toHaveLength(5)
    expect(new Set(answers.map(a => a.body)).size).toBe(1)
  })

  describe('past its time', () => {
    afterEach(() => {
      vi.useRealTimers()
    })

    it('gives the old answer while one request fetches the new one, and never one more than twice its time old', async () => {
      const url = `/api/events/${eventId}`
      await setEvent(app, eventId, { title: '旧标题' })
      expect((await signUp(app, eventId)).statusCode).toBe(201) // empties the events' answers: the next read fetches afresh
      expect((await get(url)).json().title).toBe('旧标题')
      expect((await get(url)).headers['x-read-cache']).toBe('hit')
      // changed behind the app's back (another process), so nothing empties this process's cache
      await setEvent(app, eventId, { title: '新标题' })
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 })
      const answers = await Promise.all(Array.from({ length: 4 }, () => get(url)))
      const fresh = answers.filter(a => a.headers['x-read-cache'] === undefined)
      const stale = answers.filter(a => a.headers['x-read-cache'] === 'stale')
      expect(fresh.map(a => a.json().title)).toEqual(['新标题'])
      expect(stale.map(a => a.json().title)).toEqual(['旧标题', '旧标题', '旧标题'])
      const after = await get(url)
      expect(after.headers['x-read-cache']).toBe('hit')
      expect(after.json().title).toBe('新标题')

      // more than its time past expiry: no old answer at all
      await setEvent(app, eventId, { title: '再改的标题' })
      vi.setSystemTime(Date.now() + 121_000)
      const late = await get(url)
      expect(late.headers['x-read-cache']).toBeUndefined()
      expect(late.json().title).toBe('再改的标题')
    })
  })

  it('is not emptied by a refused write, and never holds what a route does not mark', async () => {
    await get('/api/events')
    const refused = await signUp(app, eventId, { consent: false })
    expect(refused.statusCode).toBe(400)
    expect((await get('/api/events')).headers['x-read-cache']).toBe('hit')
    await get('/api/consultations')
    expect((await get('/api/consultations')).headers['x-read-cache']).toBeUndefined()
  })

  it('holds no error answer', async () => {
    expect((await get('/api/events/2147483000')).statusCode).toBe(404)
    expect((await get('/api/events/2147483000')).headers['x-read-cache']).toBeUndefined()
  })

  it('is off unless configured (API tests, GONGKAI_READ_CACHE_MS=0)', async () => {
    const plain = await buildTestApp()
    try {
      await plain.inject('/api/documents?limit=2')
      expect((await plain.inject('/api/documents?limit=2')).headers['x-read-cache']).toBeUndefined()
    }
    finally {
      await plain.close()
    }
  })
})

describe('the read cache\'s fetches, held open', () => {
  // the event page's route waits for `hold` while it is set: a fetch in flight, to put a write or time beside;
  // `waiting` counts the fetches that have their answer and wait at the gate
  let held: FastifyInstance
  let hold: Promise<void> | undefined
  let waiting = 0
  let id: number
  beforeAll(async () => {
    held = await buildTestApp({ readCacheMs: 60_000 }, {
      onRoute: (route) => {
        if (route.url === '/api/events/:id' && route.method === 'GET') {
          const handler = route.handler as (this: unknown, ...args: unknown[]) => unknown
          route.handler = async function (this: unknown, ...args: unknown[]) {
            const gate = hold
            const answer = await handler.apply(this, args)
            if (gate) {
              waiting++
              await gate
              waiting--
            }
            return answer
          } as typeof route.handler
        }
      },
    })
    id = await makeEvent(held, { capacity: 10 })
  })
  afterEach(() => {
    vi.useRealTimers()
  })
  afterAll(() => held.close())

  const read = () => held.inject(`/api/events/${id}`)
  /** a read whose fetch has its answer and waits at the gate (`gate()` first) */
  async function readHeld(): Promise<{ answer: ReturnType<typeof read> }> {
    const before = waiting
    const answer = read()
    await vi.waitFor(() => expect(waiting).toBe(before + 1))
    return { answer }
  }
  function gate() {
    let open!: () => void
    hold = new Promise<void>((resolve) => {
      open = resolve
    })
    return () => {
      hold = undefined
      open()
    }
  }

  it('keeps no answer fetched before a write that changes it', async () => {
    const release = gate()
    const before = (await readHeld()).answer
    expect((await signUp(held, id, { partySize: 2 })).statusCode).toBe(201)
    release()
    expect((await before).json().placesLeft).toBe(10)
    const after = await read()
    expect(after.headers['x-read-cache']).toBeUndefined()
    expect(after.json().placesLeft).toBe(8)
  })

  it('lets a slow fetch that a later one overtook keep nothing over the later one\'s answer', async () => {
    await setEvent(held, id, { title: '慢的旧标题' })
    expect((await signUp(held, id)).statusCode).toBe(201) // empties the events' answers
    const release = gate()
    const slow = (await readHeld()).answer
    // a cache's time later, the slow fetch is still out: the next request fetches anew, past the gate
    await setEvent(held, id, { title: '快的新标题' })
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 61_000 })
    hold = undefined
    const fast = await read()
    expect(fast.headers['x-read-cache']).toBeUndefined()
    expect(fast.json().title).toBe('快的新标题')
    release()
    expect((await slow).json().title).toBe('慢的旧标题')
    const then = await read()
    expect(then.headers['x-read-cache']).toBe('hit')
    expect(then.json().title).toBe('快的新标题')
  })

  it('lets the requests waiting on a fetch that failed run the route themselves', async () => {
    const answers = await Promise.all(Array.from({ length: 3 }, () => held.inject('/api/events/2147483000')))
    expect(answers.map(a => a.statusCode)).toEqual([404, 404, 404])
    expect(answers.every(a => a.headers['x-read-cache'] === undefined)).toBe(true)
  })
})
