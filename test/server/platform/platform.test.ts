import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStaff } from '../../../src/server/repositories/staff'
import { ensureFirstAdmin } from '../../../src/server/services/bootstrap'
import { hashPassword } from '../../../src/server/services/passwords'
import { buildTestApp, jsonWrite, TEST_ORIGIN } from '../../support/app'

let app: FastifyInstance
beforeAll(async () => {
  app = await buildTestApp()
})
afterAll(() => app.close())

describe('GET /api/health', () => {
  it('reports the database kind and the migration level', async () => {
    const res = await app.inject('/api/health')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.status).toBe('ok')
    expect(body.db).toBe(process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite')
    expect(body.migrations).toBeGreaterThanOrEqual(2)
  })

  it('sends the security headers', async () => {
    const res = await app.inject('/api/health')
    const csp = String(res.headers['content-security-policy'])
    expect(csp).toContain('default-src \'self\'')
    expect(csp).toContain('object-src \'none\'')
    expect(csp).toContain('frame-ancestors \'none\'')
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).not.toContain('unsafe-eval')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin')
  })
})

describe('problems', () => {
  it('answers an unknown API route with a 404 problem in Chinese', async () => {
    const res = await app.inject('/api/no-such-thing')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toContain('application/problem+json')
    expect(res.json()).toMatchObject({ status: 404, code: 'route-not-found', detail: '没有这个接口。' })
  })

  it('answers in English when Accept-Language asks for it', async () => {
    const res = await app.inject({ url: '/api/documents/999999', headers: { 'accept-language': 'en-GB,en;q=0.9,zh;q=0.5' } })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toMatchObject({ code: 'not-found', detail: expect.stringContaining('could not find') })
  })

  it('names the field of a validation error', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'a@b.cn' } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'password', detail: '请填写此项。' })
  })

  it('refuses unknown fields instead of dropping them', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'a@b.cn', password: 'x', admin: true } })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'admin' })
  })

  it('refuses a body that is not JSON', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain', 'origin': TEST_ORIGIN }, payload: 'email=a' })
    expect(res.statusCode).toBe(415)
    expect(res.json().code).toBe('unsupported-media-type')
  })

  it('refuses a state change from another origin', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { ...jsonWrite, origin: 'https://evil.example' }, payload: { email: 'a@b.cn', password: 'x' } })
    expect(res.statusCode).toBe(403)
    expect(res.json().code).toBe('bad-origin')
    const noOrigin = await app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: { email: 'a@b.cn', password: 'x' } })
    expect(noOrigin.statusCode).toBe(403)
  })
})

describe('staff sign-in', () => {
  beforeAll(async () => {
    await createStaff(app.db, { email: 'editor@pudong.gov.cn', displayName: '编辑', role: 'editor', passwordHash: await hashPassword('correct horse battery') })
  })

  it('signs in, knows who is signed in, and signs out on the server', async () => {
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'Editor@Pudong.gov.cn', password: 'correct horse battery' } })
    expect(login.statusCode).toBe(200)
    expect(login.json()).toMatchObject({ email: 'editor@pudong.gov.cn', role: 'editor' })
    const setCookie = String(login.headers['set-cookie'])
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Strict/i)
    const cookie = setCookie.split(';')[0]!
    expect(cookie.split('=')[1]!.length).toBeGreaterThanOrEqual(22) // ≥ 128 bits in base64url

    const me = await app.inject({ url: '/api/auth/me', headers: { cookie } })
    expect(me.statusCode).toBe(200)
    expect(me.json().role).toBe('editor')

    const logout = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { ...jsonWrite, cookie }, payload: {} })
    expect(logout.statusCode).toBe(204)
    const after = await app.inject({ url: '/api/auth/me', headers: { cookie } })
    expect(after.statusCode).toBe(401)
  })

  it('refuses a wrong password and an unknown account alike', async () => {
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'editor@pudong.gov.cn', password: 'nope' } })
    const unknown = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'nobody@pudong.gov.cn', password: 'nope' } })
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json().detail).toBe(unknown.json().detail)
  })
})

describe('session lifetime', () => {
  it('ends after 30 minutes idle and after 12 hours in any case', async () => {
    let now = new Date('2026-11-24T01:00:00Z')
    const timed = await buildTestApp({ clock: () => now })
    try {
      await createStaff(timed.db, { email: 'clock@pudong.gov.cn', displayName: '计时', role: 'editor', passwordHash: await hashPassword('correct horse battery') })
      const login = async () => String((await timed.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'clock@pudong.gov.cn', password: 'correct horse battery' } })).headers['set-cookie']).split(';')[0]!
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
})

describe('first admin', () => {
  it('is created once, with a random password when none is given', async () => {
    const fresh = await buildTestApp()
    try {
      const first = await ensureFirstAdmin(fresh.db, {})
      expect(first?.password).toMatch(/^[\w-]{16}$/)
      expect(await ensureFirstAdmin(fresh.db, {})).toBeUndefined()
      const login = await fresh.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: first!.email, password: first!.password } })
      expect(login.json().role).toBe('admin')
    }
    finally {
      await fresh.close()
    }
  })
})

describe('GET /api/docs/json', () => {
  it('serves an OpenAPI document built from the route schemas', async () => {
    const res = await app.inject('/api/docs/json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health/', '/api/documents/', '/api/documents/{id}', '/api/auth/login']))
  })
})
