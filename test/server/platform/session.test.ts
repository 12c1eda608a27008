import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, staffSessions } from '../../../src/server/db/schema'
import { sessionDevice } from '../../../src/server/services/session-device'
import { authenticatorCode, buildTestApp, cookieOf, jsonWrite, newStaffMember, newStaffSession, refuseAuditOf, signInStaff } from '../../support/app'

const PASSWORD = 'correct horse battery'

describe('the staff session cookie in production', () => {
  it('is a __Host- cookie: Secure, HttpOnly, SameSite=Strict, Path=/, no Domain; and the session works with it', async () => {
    const origin = 'https://gongkai.example.gov.cn'
    const app = await buildTestApp({ production: true, publicOrigin: origin })
    try {
      await newStaffMember(app, 'editor', { email: 'prod@pudong.gov.cn', displayName: '编辑', password: PASSWORD })
      const headers = { 'content-type': 'application/json', origin }
      const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers, payload: { email: 'prod@pudong.gov.cn', password: PASSWORD } })
      const checkCookie = (setCookie: string) => {
        const [pair, ...attributes] = setCookie.split(';').map(s => s.trim())
        expect(pair).toMatch(/^__Host-gk_session=[\w-]+$/)
        const names = attributes.map(a => a.split('=')[0]!.toLowerCase())
        expect(names).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite', 'path']))
        expect(names).not.toContain('domain')
        expect(attributes).toContain('Path=/')
        expect(attributes.find(a => a.toLowerCase().startsWith('samesite'))).toMatch(/^SameSite=Strict$/i)
        return pair!
      }
      const half = checkCookie(String(login.headers['set-cookie']))
      const offer = (await app.inject({ method: 'POST', url: '/api/auth/enrolment', headers: { ...headers, cookie: half }, payload: {} })).json()
      const done = await app.inject({ method: 'POST', url: '/api/auth/enrolment/confirm', headers: { ...headers, cookie: half }, payload: { code: authenticatorCode(offer.secret, new Date()) } })
      const full = checkCookie(String(done.headers['set-cookie']))
      expect(done.headers['strict-transport-security']).toContain('max-age=')

      const me = await app.inject({ url: '/api/auth/me', headers: { cookie: full } })
      expect(me.statusCode).toBe(200)
      expect(me.json().email).toBe('prod@pudong.gov.cn')
      // the development name is not accepted in production
      const renamed = full.replace('__Host-gk_session', 'gk_session')
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie: renamed } })).statusCode).toBe(401)
    }
    finally {
      await app.close()
    }
  })
})

describe('session tokens', () => {
  it('carry at least 128 random bits, are all different, and only their hash is stored', async () => {
    const app = await buildTestApp()
    try {
      await newStaffMember(app, 'editor', { email: 'tokens@pudong.gov.cn', displayName: '编辑', password: PASSWORD })
      const tokens: string[] = []
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'tokens@pudong.gov.cn', password: PASSWORD } })
        tokens.push(cookieOf(res).split('=')[1]!)
      }
      tokens.push((await signInStaff(app, 'tokens@pudong.gov.cn', PASSWORD)).split('=')[1]!)
      for (const token of tokens) {
        expect(token).toMatch(/^[\w-]+$/)
        expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128)
      }
      expect(new Set(tokens).size).toBe(tokens.length)
      const stored = (await app.db.select().from(staffSessions)).map(s => s.tokenHash)
      for (const token of tokens)
        expect(stored).not.toContain(token)
      expect(stored.every(h => /^[0-9a-f]{64}$/.test(h))).toBe(true)
    }
    finally {
      await app.close()
    }
  })
})

describe('POST /api/auth/logout', () => {
  it('ends the session on the server: the same cookie replayed afterwards is refused', async () => {
    const app = await buildTestApp()
    try {
      const { cookie, staff } = await newStaffSession(app, 'editor', { email: 'leaving@pudong.gov.cn', displayName: '编辑', password: PASSWORD })
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200)
      const before = (await app.db.select().from(staffSessions)).length
      const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...jsonWrite, cookie }, payload: {} })
      expect(logout.statusCode).toBe(204)
      expect(String(logout.headers['set-cookie'])).toMatch(/gk_session=;/)
      expect((await app.db.select().from(staffSessions)).length).toBe(before - 1)
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
      expect((await app.inject({ url: '/api/admin/documents', headers: { cookie } })).statusCode).toBe(401)
      // audited once, as who signed out; a second sign-out with the dead cookie ends nothing and records nothing
      const signOuts = () => app.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign-out'))
      expect((await signOuts()).map(r => ({ staffId: r.staffId, target: r.target }))).toEqual([{ staffId: staff.id, target: `staff:${staff.id}` }])
      expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...jsonWrite, cookie }, payload: {} })).statusCode).toBe(204)
      expect(await signOuts()).toHaveLength(1)
    }
    finally {
      await app.close()
    }
  })

  it('writes the sign-out\'s audit row in the transaction that deletes the session: when the row cannot be written, the session and its cookie stay', async () => {
    const app = await buildTestApp()
    try {
      const { cookie, staff } = await newStaffSession(app, 'editor', { email: 'atomic@pudong.gov.cn', password: PASSWORD })
      const allow = await refuseAuditOf(app, ['auth.sign-out'])
      const failed = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...jsonWrite, cookie }, payload: {} })
      expect(failed.statusCode).toBe(500)
      expect(failed.headers['set-cookie']).toBeUndefined()
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200)
      await allow()
      expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...jsonWrite, cookie }, payload: {} })).statusCode).toBe(204)
      expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
      expect((await app.db.select().from(auditLog).where(eq(auditLog.action, 'auth.sign-out'))).map(r => r.target)).toEqual([`staff:${staff.id}`])
    }
    finally {
      await app.close()
    }
  })
})

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.81 Mobile Safari/537.36'
const IPHONE_WECHAT = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN'
const WINDOWS_EDGE = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.2903.70'

describe('the device a session names', () => {
  it('is a browser and a system from short lists, read from the User-Agent; anything else is "other"', () => {
    expect(sessionDevice(ANDROID_CHROME)).toEqual({ browser: 'chrome', system: 'android' })
    expect(sessionDevice(IPHONE_WECHAT)).toEqual({ browser: 'wechat', system: 'ios' })
    expect(sessionDevice(WINDOWS_EDGE)).toEqual({ browser: 'edge', system: 'windows' })
    expect(sessionDevice('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15')).toEqual({ browser: 'safari', system: 'macos' })
    expect(sessionDevice('Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1')).toEqual({ browser: 'chrome', system: 'ipados' })
    expect(sessionDevice('Mozilla/5.0 (Linux; Android 12; HarmonyOS; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36')).toEqual({ browser: 'huawei', system: 'harmonyos' })
    expect(sessionDevice('Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0')).toEqual({ browser: 'firefox', system: 'linux' })
    expect(sessionDevice('curl/8.5.0')).toEqual({ browser: 'other', system: 'other' })
    expect(sessionDevice(undefined)).toEqual({ browser: 'other', system: 'other' })
  })
})

describe('one\'s own sessions (GET /api/auth/sessions, POST /api/auth/sessions/:id/end, POST /api/auth/sessions/end-others)', () => {
  let now = new Date('2026-11-24T01:00:00Z')
  let app: FastifyInstance
  beforeAll(async () => {
    app = await buildTestApp({ clock: () => now })
  })
  afterAll(() => app.close())
  function tick(seconds: number) {
    now = new Date(now.getTime() + seconds * 1000)
  }
  const list = (cookie: string) => app.inject({ url: '/api/auth/sessions', headers: { cookie } })
  const post = (url: string, cookie: string) => app.inject({ method: 'POST', url, headers: { ...jsonWrite, cookie }, payload: {} })
  const me = (cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } }).then(r => r.statusCode)
  const auditOf = async (staffId: number) => (await app.db.select().from(auditLog)).filter(r => r.target === `staff:${staffId}` && r.action.includes('session')).sort((a, b) => a.id - b.id)
  /** A staff member who has enrolled (a first sign-in) and signed out again: no session yet. */
  async function member(email: string) {
    const made = await newStaffMember(app, 'editor', { email, password: PASSWORD })
    await post('/api/auth/logout', await signInStaff(app, email, PASSWORD))
    // each sign-in needs a code for an authenticator step not used yet
    tick(60)
    return made.staff
  }

  it('lists one\'s live sessions with their device, start and last use, marks this one, and answers no token, hash, User-Agent or address', async () => {
    const staff = await member('two-phones@pudong.gov.cn')
    const other = await member('someone-else@pudong.gov.cn')
    tick(60)
    const started = now.toISOString()
    const phone = await signInStaff(app, 'two-phones@pudong.gov.cn', PASSWORD, { 'user-agent': ANDROID_CHROME })
    tick(120)
    const wechat = await signInStaff(app, 'two-phones@pudong.gov.cn', PASSWORD, { 'user-agent': IPHONE_WECHAT })
    // a password step not followed by a code is no session to list, and neither is anyone else's
    await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'two-phones@pudong.gov.cn', password: PASSWORD } })
    tick(60)
    const otherCookie = await signInStaff(app, 'someone-else@pudong.gov.cn', PASSWORD)
    tick(90)

    // this device first; asking uses the session, so it was last used now, and the phone when it signed in
    const res = await list(wechat)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const sessions = res.json() as Array<{ id: number, browser: string, system: string, createdAt: string, lastSeenAt: string, current: boolean }>
    expect(sessions.map(({ id: _id, ...rest }) => rest)).toEqual([
      { browser: 'wechat', system: 'ios', createdAt: new Date(Date.parse(started) + 120_000).toISOString(), lastSeenAt: now.toISOString(), current: true },
      { browser: 'chrome', system: 'android', createdAt: started, lastSeenAt: started, current: false },
    ])
    expect(sessions.every(s => Number.isInteger(s.id))).toBe(true)
    // asked from the phone: the phone first, though the other was used as recently
    expect((await list(phone)).json().map((s: { id: number, current: boolean }) => [s.id, s.current])).toEqual([[sessions[1]!.id, true], [sessions[0]!.id, false]])
    expect((await list(otherCookie)).json()).toHaveLength(1)

    const rows = await app.db.select().from(staffSessions).where(eq(staffSessions.staffId, staff.id))
    const answered = res.body
    for (const row of rows)
      expect(answered).not.toContain(row.tokenHash)
    for (const token of [phone, wechat].map(c => c.split('=')[1]!))
      expect(answered).not.toContain(token)
    // what is kept of the device is the two words, not the User-Agent, and no address at all
    const stored = JSON.stringify(rows)
    for (const part of ['Pixel', 'MicroMessenger', 'Mozilla', '127.0.0.1'])
      expect(stored).not.toContain(part)
    expect(Object.keys(rows[0]!).sort()).toEqual(['browser', 'createdAt', 'expiresAt', 'id', 'lastSeenAt', 'secondFactorAt', 'staffId', 'system', 'tokenHash'])

    // idle past the limit: not listed, as it no longer opens anything
    tick(29 * 60)
    expect(await me(wechat)).toBe(200)
    tick(2 * 60)
    expect((await list(wechat)).json().map((s: { current: boolean }) => s.current)).toEqual([true])
    expect(other.id).not.toBe(staff.id)
  })

  it('ends a session on another device by its id, audited in the same transaction: that device is signed out at once', async () => {
    tick(3600)
    const staff = await member('ends-one@pudong.gov.cn')
    const here = await signInStaff(app, 'ends-one@pudong.gov.cn', PASSWORD, { 'user-agent': WINDOWS_EDGE })
    tick(60)
    const there = await signInStaff(app, 'ends-one@pudong.gov.cn', PASSWORD, { 'user-agent': ANDROID_CHROME })
    const [mine, theirs] = (await list(here)).json() as Array<{ id: number, current: boolean }>
    const [thisOne, otherOne] = mine!.current ? [mine!, theirs!] : [theirs!, mine!]

    // the audit row cannot be written: nothing ends
    const allow = await refuseAuditOf(app, ['auth.session-ended'])
    expect((await post(`/api/auth/sessions/${otherOne.id}/end`, here)).statusCode).toBe(500)
    expect(await me(there)).toBe(200)
    await allow()

    const ended = await post(`/api/auth/sessions/${otherOne.id}/end`, here)
    expect(ended.statusCode, ended.body).toBe(204)
    expect(await me(there)).toBe(401)
    expect(await me(here)).toBe(200)
    expect((await list(here)).json().map((s: { id: number }) => s.id)).toEqual([thisOne.id])
    const rows = await auditOf(staff.id)
    expect(rows.map(r => [r.action, r.staffId, r.detail])).toEqual([['auth.session-ended', staff.id, { session: otherOne.id }]])

    // ended already, or never one's own: the same 404; this device's own: 409 (sign out instead)
    const again = await post(`/api/auth/sessions/${otherOne.id}/end`, here)
    expect(again.statusCode).toBe(404)
    expect(again.json().detail).toBe('这个登录已经结束。')
    expect((await post(`/api/auth/sessions/${thisOne.id}/end`, here)).statusCode).toBe(409)
    expect(await me(here)).toBe(200)
    expect((await app.inject({ url: '/api/auth/sessions/abc/end', method: 'POST', headers: { ...jsonWrite, cookie: here }, payload: {} })).statusCode).toBe(400)
    expect(await auditOf(staff.id)).toHaveLength(1)
  })

  it('answers 404 for another person\'s session, which goes on working, and lists or ends nothing without a full sign-in', async () => {
    tick(3600)
    const owner = await member('victim@pudong.gov.cn')
    const theirs = await signInStaff(app, 'victim@pudong.gov.cn', PASSWORD)
    const [target] = (await list(theirs)).json() as Array<{ id: number }>
    await member('prober@pudong.gov.cn')
    const prober = await signInStaff(app, 'prober@pudong.gov.cn', PASSWORD)
    const probe = await post(`/api/auth/sessions/${target!.id}/end`, prober)
    expect(probe.statusCode).toBe(404)
    expect(probe.json().detail).toBe('这个登录已经结束。')
    expect(await me(theirs)).toBe(200)
    expect(await auditOf(owner.id)).toEqual([])

    const half = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'prober@pudong.gov.cn', password: PASSWORD } }))
    for (const cookie of ['', half]) {
      expect((await list(cookie)).statusCode).toBe(401)
      expect((await post(`/api/auth/sessions/${target!.id}/end`, cookie)).statusCode).toBe(401)
      expect((await post('/api/auth/sessions/end-others', cookie)).statusCode).toBe(401)
    }
    expect(await me(theirs)).toBe(200)
    expect(await me(prober)).toBe(200)
  })

  it('ends every other session of one\'s own, half-finished sign-ins too, audited with the count; this one stays', async () => {
    tick(3600)
    const staff = await member('end-others@pudong.gov.cn')
    const here = await signInStaff(app, 'end-others@pudong.gov.cn', PASSWORD)
    tick(60)
    const second = await signInStaff(app, 'end-others@pudong.gov.cn', PASSWORD)
    tick(60)
    const third = await signInStaff(app, 'end-others@pudong.gov.cn', PASSWORD)
    const half = cookieOf(await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'end-others@pudong.gov.cn', password: PASSWORD } }))
    const someoneElse = (await newStaffSession(app, 'editor')).cookie
    expect((await list(here)).json()).toHaveLength(3)

    const allow = await refuseAuditOf(app, ['auth.other-sessions-ended'])
    expect((await post('/api/auth/sessions/end-others', here)).statusCode).toBe(500)
    expect(await me(second)).toBe(200)
    await allow()

    const res = await post('/api/auth/sessions/end-others', here)
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ended: 3 })
    expect(await me(second)).toBe(401)
    expect(await me(third)).toBe(401)
    expect((await app.inject({ method: 'POST', url: '/api/auth/enrolment', headers: { ...jsonWrite, cookie: half }, payload: {} })).statusCode).toBe(401)
    expect(await me(here)).toBe(200)
    expect(await me(someoneElse)).toBe(200)
    expect((await list(here)).json()).toHaveLength(1)
    expect((await auditOf(staff.id)).at(-1)).toMatchObject({ action: 'auth.other-sessions-ended', staffId: staff.id, detail: { sessionsEnded: 3 }, sourceIp: '127.0.0.1' })
    // nothing left to end: answered, and recorded as asked
    expect((await post('/api/auth/sessions/end-others', here)).json()).toEqual({ ended: 0 })
  })
})

describe('session lifetime', () => {
  it('ends after 30 minutes idle and after 12 hours in any case', async () => {
    let now = new Date('2026-11-24T01:00:00Z')
    const timed = await buildTestApp({ clock: () => now })
    try {
      await newStaffMember(timed, 'editor', { email: 'clock@pudong.gov.cn', displayName: '计时', password: PASSWORD })
      const login = () => signInStaff(timed, 'clock@pudong.gov.cn', PASSWORD)
      const me = (cookie: string) => timed.inject({ url: '/api/auth/me', headers: { cookie } }).then(r => r.statusCode)

      const idle = await login()
      now = new Date(now.getTime() + 29 * 60_000)
      expect(await me(idle)).toBe(200)
      now = new Date(now.getTime() + 31 * 60_000)
      expect(await me(idle)).toBe(401)

      const busy = await login()
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        now = new Date(now.getTime() + 20 * 60_000)
        expect(await me(busy)).toBe(200)
      }
      now = new Date(now.getTime() + 40 * 60_000)
      expect(await me(busy)).toBe(401)
    }
    finally {
      await timed.close()
    }
  })

  it('gives the password step 10 minutes to be followed by the second factor', async () => {
    let now = new Date('2026-11-24T01:00:00Z')
    const timed = await buildTestApp({ clock: () => now })
    try {
      await newStaffMember(timed, 'editor', { email: 'slow@pudong.gov.cn', displayName: '计时', password: PASSWORD })
      const login = await timed.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'slow@pudong.gov.cn', password: PASSWORD } })
      const half = cookieOf(login)
      now = new Date(now.getTime() + 11 * 60_000)
      const late = await timed.inject({ method: 'POST', url: '/api/auth/enrolment', headers: { ...jsonWrite, cookie: half }, payload: {} })
      expect(late.statusCode).toBe(401)
      expect(late.json().detail).toContain('重新')
    }
    finally {
      await timed.close()
    }
  })
})
