import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditLog, staffSessions } from '../../../src/server/db/schema'
import { authenticatorCode, buildTestApp, cookieOf, jsonWrite, newStaffMember, newStaffSession, signInStaff } from '../../support/app'

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
