import type { FastifyInstance } from 'fastify'
import type { AppConfig } from '../../../src/server/config'
import { randomUUID } from 'node:crypto'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import app, { fastifyOptions } from '../../../src/server/app'
import { publicWriteCounters, questions } from '../../../src/server/db/schema'
import { loadDemoContent } from '../../../src/server/demo/load'
import { buildTestApp, jsonWrite } from '../../support/app'
import { makeEvent, nextPhone } from '../events/support'

// A pinned clock one minute into the current ten-minute window, moved by the test that needs a window to pass.
const WINDOW_START = Math.floor(Date.now() / 600_000) * 600_000
let now = new Date(WINDOW_START + 60_000)
const logs: string[] = []
let server: FastifyInstance

const config: Partial<AppConfig> = {
  rateLimit: { enabled: true, max: 10_000, loginMax: 10 },
  antiAutomation: { minFillMs: 3000, limits: { question: { ip: { max: 3, minutes: 10 }, device: { max: 2, minutes: 10 } }, signup: { phone: { max: 2, minutes: 60 } } } },
  clock: () => now,
}

beforeAll(async () => {
  server = await buildTestApp(config, { logStream: { write: line => void logs.push(line) } })
  await loadDemoContent(server.db, new Date())
})
afterAll(() => server.close())

let docId = 0
async function documentId() {
  if (!docId)
    docId = (await server.inject('/api/documents?limit=1')).json().items[0].id
  return docId
}

function ask(payload: Record<string, unknown>, opts: { ip?: string, key?: string, lang?: string } = {}) {
  return documentId().then(id => server.inject({
    method: 'POST',
    url: `/api/documents/${id}/questions`,
    remoteAddress: opts.ip ?? '10.1.1.1',
    headers: { ...jsonWrite, 'idempotency-key': opts.key ?? randomUUID(), ...(opts.lang ? { 'accept-language': opts.lang } : {}) },
    payload: { text: '加装电梯的补贴什么时候发放？', fillMs: 8000, ...payload },
  }))
}

function signUp(eventId: number, payload: Record<string, unknown>, opts: { ip?: string, key?: string } = {}) {
  return server.inject({
    method: 'POST',
    url: `/api/events/${eventId}/registrations`,
    remoteAddress: opts.ip ?? '10.2.2.2',
    headers: { ...jsonWrite, 'idempotency-key': opts.key ?? randomUUID() },
    payload: { name: '张三', phone: nextPhone(), partySize: 1, consent: true, fillMs: 9000, ...payload },
  })
}

const refusals = () => logs.map(l => JSON.parse(l) as Record<string, unknown>).filter(l => l.event === 'public-write-refused')

describe('honeypot and fill time', () => {
  it('refuses a filled honeypot plainly, stores nothing, and logs why without the text', async () => {
    const before = await server.db.$count(questions)
    const res = await ask({ text: '机器人留下的一个问题', website: 'http://spam.example' }, { ip: '10.9.0.1' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'website', detail: expect.stringContaining('您填写的内容已保留') })
    const en = await ask({ website: 'x' }, { ip: '10.9.0.1', lang: 'en' })
    expect(en.statusCode).toBe(400)
    expect(en.json().detail).toContain('This submission was not accepted')
    expect(refusals().filter(r => r.reason === 'honeypot')).toHaveLength(2)
    expect(await server.db.$count(questions)).toBe(before)
  })

  it('refuses a form sent faster than a person fills it, or without its fill time, in Chinese or English', async () => {
    const fast = await ask({ fillMs: 900 }, { ip: '10.9.0.2' })
    expect(fast.statusCode).toBe(400)
    expect(fast.json()).toMatchObject({ field: 'fillMs', detail: expect.stringContaining('提交得太快了') })
    const missing = await server.inject({ method: 'POST', url: `/api/documents/${await documentId()}/questions`, remoteAddress: '10.9.0.2', headers: { ...jsonWrite, 'idempotency-key': randomUUID(), 'accept-language': 'en' }, payload: { text: '没有填写时间的问题内容' } })
    expect(missing.statusCode).toBe(400)
    expect(missing.json().detail).toContain('sent very quickly')
    expect(refusals().map(r => r.reason)).toEqual(expect.arrayContaining(['too-fast', 'no-fill-time']))
    expect((await ask({ fillMs: 3000 }, { ip: '10.9.0.2' })).statusCode).toBe(201)
  })
})

describe('limits per IP, device and phone number', () => {
  it('answers 429 with Retry-After to the 4th question from one address in the window, and again once it has passed', async () => {
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push(await ask({ text: `同一地址的第${i}个问题内容` }, { ip: '10.3.3.3' }))
    expect(statuses.map(r => r.statusCode)).toEqual([201, 201, 201, 429])
    const refused = statuses[3]!
    // one minute into a ten-minute window: nine minutes to wait
    expect(refused.headers['retry-after']).toBe('540')
    expect(refused.json()).toMatchObject({ code: 'rate-limited', status: 429, detail: '提交太频繁，请 9 分钟后再试。您填写的内容已保留。' })
    const english = await server.inject({ method: 'POST', url: `/api/documents/${await documentId()}/questions`, remoteAddress: '10.3.3.3', headers: { ...jsonWrite, 'idempotency-key': randomUUID(), 'accept-language': 'en-GB,en' }, payload: { text: '英文界面的问题内容', fillMs: 5000 } })
    expect(english.json().detail).toBe('Too many submissions. Please try again in 9 minutes; what you wrote has been kept.')
    // another address is not affected
    expect((await ask({}, { ip: '10.3.3.4' })).statusCode).toBe(201)

    now = new Date(WINDOW_START + 10 * 60_000 + 1000)
    expect((await ask({ text: '下一个时间窗口的问题' }, { ip: '10.3.3.3' })).statusCode).toBe(201)
    now = new Date(WINDOW_START + 60_000)
  })

  it('limits one device across addresses', async () => {
    const deviceId = 'device-limit-0123456789'
    const statuses = []
    for (let i = 0; i < 3; i++)
      statuses.push((await ask({ text: `同一设备的第${i}个问题`, deviceId }, { ip: `10.4.0.${i + 1}` })).statusCode)
    expect(statuses).toEqual([201, 201, 429])
    expect((await ask({ deviceId: 'another-device-0123456789' }, { ip: '10.4.0.9' })).statusCode).toBe(201)
  })

  it('limits sign-ups per phone number across events, addresses and devices', async () => {
    const phone = nextPhone()
    const events = [await makeEvent(server), await makeEvent(server), await makeEvent(server)]
    const statuses = []
    for (const [i, id] of events.entries())
      statuses.push((await signUp(id, { phone, deviceId: `phone-device-${i}-0123456789` }, { ip: `10.5.0.${i + 1}` })).statusCode)
    expect(statuses).toEqual([201, 201, 429])
    expect((await signUp(events[2]!, {}, { ip: '10.5.0.9' })).statusCode).toBe(201)
  })

  it('lets a retry of an answered write through to be replayed, even over the limit', async () => {
    const id = await makeEvent(server)
    const phone = nextPhone()
    const key = randomUUID()
    const first = await signUp(id, { phone, name: '李四' }, { key, ip: '10.6.0.1' })
    expect(first.statusCode).toBe(201)
    await signUp(await makeEvent(server), { phone }, { ip: '10.6.0.2' })
    expect((await signUp(await makeEvent(server), { phone }, { ip: '10.6.0.3' })).statusCode).toBe(429)
    // the same submission again (its fill time is later: it is not part of the request's identity)
    const retry = await signUp(id, { phone, name: '李四', fillMs: 60_000 }, { key, ip: '10.6.0.1' })
    expect(retry.statusCode).toBe(201)
    expect(retry.json().code).toBe(first.json().code)
  })

  it('lets only a retry of the same write through: a key answered on one event opens no other event or route', async () => {
    const [first, second] = [await makeEvent(server), await makeEvent(server)]
    const key = randomUUID()
    const phone = nextPhone()
    const signed = await signUp(first, { phone, name: '赵六' }, { key, ip: '10.8.0.1' })
    expect(signed.statusCode).toBe(201)
    // the answered key sent again with a filled honeypot, on another event and on another route: refused
    const otherEvent = await signUp(second, { website: 'http://spam.example' }, { key, ip: '10.8.0.2' })
    expect(otherEvent.statusCode).toBe(400)
    expect(otherEvent.json()).toMatchObject({ field: 'website' })
    expect((await ask({ website: 'http://spam.example' }, { key, ip: '10.8.0.3' })).statusCode).toBe(400)
    expect((await server.inject(`/api/events/${second}`)).json().placesLeft).toBe(10)
    // the same sign-up again on its own event is replayed, not refused
    const retry = await signUp(first, { phone, name: '赵六', fillMs: 60_000 }, { key, ip: '10.8.0.1' })
    expect(retry.statusCode).toBe(201)
    expect(retry.json().code).toBe(signed.json().code)
  })

  it('keeps the counters in the database, keyed by hashes only', async () => {
    const rows = await server.db.select().from(publicWriteCounters)
    expect(rows.length).toBeGreaterThan(0)
    const text = JSON.stringify(rows)
    expect(text).not.toMatch(/10\.\d+\.\d+\.\d+/)
    expect(text).not.toMatch(/(?<![\w-])1[3-9]\d{9}\b/)
    expect(text).not.toContain('device-limit')
    expect(rows.every(r => /^[a-z]+:(?:ip|device|phone):[\w-]{43}$/.test(r.bucket))).toBe(true)
  })

  it('logs every refusal without an address, a device id, a phone number or what was written', async () => {
    const lines = refusals()
    expect(lines.length).toBeGreaterThanOrEqual(7)
    expect(new Set(lines.map(l => l.reason))).toEqual(new Set(['honeypot', 'too-fast', 'no-fill-time', 'ip-limit', 'device-limit', 'phone-limit']))
    const all = JSON.stringify(lines)
    expect(all).not.toMatch(/10\.\d+\.\d+\.\d+/)
    // a mobile number on its own, not eleven digits inside a request id's hex (a UUID's last group can be all digits)
    expect(all).not.toMatch(/(?<![\w-])1[3-9]\d{9}\b/)
    expect(all).not.toMatch(/device-limit-|phone-device-/)
    expect(all).not.toMatch(/问题|张三|spam/)
  })
})

// Several server processes on one PostgreSQL database share the counters (PGlite is one process by design).
describe.skipIf(!process.env.TEST_DATABASE_URL)('two server processes on one database', () => {
  it('count together: the second process refuses what the first one used up', async () => {
    const cfg = { ...server.config }
    const second = Fastify(fastifyOptions(cfg, 'silent'))
    await second.register(app, { config: cfg })
    await second.ready()
    try {
      const id = await documentId()
      const post = (target: FastifyInstance) => target.inject({ method: 'POST', url: `/api/documents/${id}/questions`, remoteAddress: '10.7.7.7', headers: { ...jsonWrite, 'idempotency-key': randomUUID() }, payload: { text: '两个进程共享的计数', fillMs: 5000 } })
      const statuses = [await post(server), await post(second), await post(server), await post(second)].map(r => r.statusCode)
      expect(statuses).toEqual([201, 201, 201, 429])
    }
    finally {
      await second.close()
    }
  })
})

describe('the per-address ceiling on the whole API (@fastify/rate-limit)', () => {
  it('answers 429 with Retry-After, the same seconds as its text', async () => {
    const capped = await buildTestApp({ rateLimit: { enabled: true, max: 2, loginMax: 10 } })
    try {
      const statuses = []
      for (let i = 0; i < 3; i++)
        statuses.push(await capped.inject({ url: '/api/consultations', remoteAddress: '10.10.0.1' }))
      expect(statuses.map(r => r.statusCode)).toEqual([200, 200, 429])
      const refused = statuses[2]!
      const seconds = Number(refused.headers['retry-after'])
      expect(seconds).toBeGreaterThan(0)
      expect(seconds).toBeLessThanOrEqual(60)
      expect(refused.json()).toMatchObject({ code: 'rate-limited', detail: `操作太频繁，请 ${seconds} 秒后再试。` })
    }
    finally {
      await capped.close()
    }
  })
})
