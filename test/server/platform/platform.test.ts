import type { FastifyInstance } from 'fastify'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { helmetHeaders, securityHeaderOptions } from '../../../src/server/plugins/security'
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

  it('sends helmet\'s headers on every kind of answer: a problem, a 404, a refused write, a page and a file of the app', async () => {
    const expected = helmetHeaders(securityHeaderOptions(false))
    expect(Object.keys(expected)).toEqual(expect.arrayContaining(['content-security-policy', 'x-content-type-options', 'x-frame-options', 'referrer-policy', 'cross-origin-opener-policy', 'cross-origin-resource-policy', 'origin-agent-cluster']))
    const clientDir = mkdtempSync(join(tmpdir(), 'gongkai-client-'))
    mkdirSync(join(clientDir, 'assets'))
    writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>公开</title>')
    writeFileSync(join(clientDir, 'assets', 'app-abc123.js'), 'console.log(1)')
    const withClient = await buildTestApp({ clientDir })
    try {
      const answers = await Promise.all([
        app.inject('/api/health'),
        app.inject('/api/documents/999999'),
        app.inject('/api/no-such-thing'),
        app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: {} }),
        withClient.inject('/'),
        withClient.inject('/assets/app-abc123.js'),
      ])
      expect(answers.map(a => a.statusCode)).toEqual([200, 404, 404, 400, 200, 200])
      for (const [i, res] of answers.entries()) {
        for (const [name, value] of Object.entries(expected))
          expect([i, name, res.headers[name]]).toEqual([i, name, value])
      }
    }
    finally {
      await withClient.close()
      rmSync(clientDir, { recursive: true, force: true })
    }
  })

  it('refuses to compute once a policy that has a function (a nonce) in it', () => {
    const options = securityHeaderOptions(false)
    const csp = options.contentSecurityPolicy as { directives: Record<string, unknown> }
    expect(() => helmetHeaders({ ...options, contentSecurityPolicy: { ...csp, directives: { ...csp.directives, 'script-src': ['\'self\'', () => '\'nonce-x\''] } } })).toThrow(/nonce/)
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

  it('refuses a number too large to be finite, in a query, a path or a JSON body (Ajv lets Infinity through)', async () => {
    const query = await app.inject('/api/documents?year=1e309')
    expect(query.statusCode).toBe(400)
    expect(query.json()).toMatchObject({ code: 'validation', field: 'query.year.0' })
    expect((await app.inject('/api/documents/1e309')).statusCode).toBe(400)
    const body = await app.inject({ method: 'POST', url: '/api/events/1/registrations', headers: { ...jsonWrite, 'idempotency-key': crypto.randomUUID() }, payload: '{"name":"王五","phone":"13800138000","partySize":1e309,"consent":true,"fillMs":5000}' })
    expect(body.statusCode).toBe(400)
    expect(body.json()).toMatchObject({ code: 'validation', field: 'partySize' })
  })

  it('keeps staff, sign-in and write answers out of every cache; public reads choose their own', async () => {
    for (const url of ['/api/auth/me', '/api/admin/documents', '/api/auth/security'])
      expect((await app.inject(url)).headers['cache-control'], url).toBe('no-store')
    const login = await app.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'nobody@example.cn', password: 'wrong-password-here' } })
    expect(login.headers['cache-control']).toBe('no-store')
    expect((await app.inject('/api/documents')).headers['cache-control']).not.toBe('no-store')
  })

  it('refuses text with a NUL character, which PostgreSQL cannot store or compare', async () => {
    const res = await app.inject('/api/events?organiser=%00')
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'validation', field: 'query.organiser' })
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

// Staff sign-in, sessions and the first admin: auth.test.ts and session.test.ts beside this file.

describe('GET /api/docs/json', () => {
  it('serves an OpenAPI document built from the route schemas', async () => {
    const res = await app.inject('/api/docs/json')
    expect(res.statusCode).toBe(200)
    const doc = res.json()
    expect(doc.openapi).toMatch(/^3\./)
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health/', '/api/documents/', '/api/documents/{id}', '/api/auth/login']))
  })
})
