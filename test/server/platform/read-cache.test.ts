import type { FastifyInstance } from 'fastify'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadDemoContent } from '../../../src/server/demo/load'
import { buildTestApp } from '../../support/app'
import { makeEvent, signUp } from '../events/support'

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
