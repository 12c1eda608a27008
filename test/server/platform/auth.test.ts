import type { FastifyInstance } from 'fastify'
import type { StaffRole } from '../../../src/shared/constants'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, staff, staffRecoveryCodes } from '../../../src/server/db/schema'
import { findStaffByEmail } from '../../../src/server/repositories/staff'
import { ensureFirstAdmin, wrapLegacyRecoveryCodes } from '../../../src/server/services/bootstrap'
import { sha256 } from '../../../src/server/services/event-secrets'
import { authenticatorCode, buildTestApp, cookieOf, failsWithoutAudit, jsonWrite, newStaffMember, signInStaff } from '../../support/app'

let now = new Date('2026-11-24T02:00:00Z')
let app: FastifyInstance
const logs: string[] = []
const PASSWORD = 'correct horse battery'

beforeAll(async () => {
  app = await buildTestApp({ clock: () => now }, { logStream: { write: line => void logs.push(line) } })
})
afterAll(() => app.close())

function post(url: string, payload: object, cookie?: string, remoteAddress = '127.0.0.1') {
  return app.inject({ method: 'POST', url, headers: { ...jsonWrite, ...(cookie ? { cookie } : {}) }, payload, remoteAddress })
}
const login = (email: string, password = PASSWORD, remoteAddress?: string) => post('/api/auth/login', { email, password }, undefined, remoteAddress)
function tick(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000)
}
async function newStaff(email: string, role: StaffRole = 'editor') {
  return (await newStaffMember(app, role, { email, password: PASSWORD })).staff
}
async function auditOf(staffId: number) {
  const rows = await app.db.select().from(auditLog)
  return rows.filter(r => r.target === `staff:${staffId}`)
}

/** Enrols through the API and returns the secret, the recovery codes and the signed-in cookie. */
async function enrol(email: string) {
  const half = cookieOf(await login(email))
  const offer = (await post('/api/auth/enrolment', {}, half)).json()
  const done = await post('/api/auth/enrolment/confirm', { code: authenticatorCode(offer.secret, now) }, half)
  expect(done.statusCode).toBe(200)
  return { secret: offer.secret as string, recoveryCodes: done.json().recoveryCodes as string[], cookie: cookieOf(done) }
}

describe('staff sign-in with a second factor', () => {
  it('sends a staff member without an authenticator to enrol, and the half session opens nothing else', async () => {
    const member = await newStaff('new@pudong.gov.cn')
    const first = await login('New@Pudong.gov.cn')
    expect(first.statusCode).toBe(200)
    expect(first.json()).toEqual({ next: 'enrol' })
    const half = cookieOf(first)
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: half } })).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/admin/documents', headers: { cookie: half } })).statusCode).toBe(401)
    expect((await post('/api/auth/recovery-codes', {}, half)).statusCode).toBe(401)
    expect((await post('/api/auth/second-factor', { code: '123456' }, half)).statusCode).toBe(409)

    const offer = await post('/api/auth/enrolment', {}, half)
    expect(offer.statusCode).toBe(200)
    const { secret, uri } = offer.json()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/) // 160 bits
    const parsed = new URL(uri)
    expect(parsed.protocol).toBe('otpauth:')
    expect(parsed.searchParams.get('secret')).toBe(secret)
    expect(parsed.searchParams.get('algorithm')).toBe('SHA1')
    expect(parsed.searchParams.get('digits')).toBe('6')
    expect(parsed.searchParams.get('period')).toBe('30')
    expect(decodeURIComponent(parsed.pathname)).toContain('new@pudong.gov.cn')

    const wrong = await post('/api/auth/enrolment/confirm', { code: authenticatorCode(secret, new Date(now.getTime() + 5 * 60_000)) }, half)
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ code: 'invalid-credentials', field: 'code' })

    const done = await post('/api/auth/enrolment/confirm', { code: authenticatorCode(secret, now) }, half)
    expect(done.statusCode).toBe(200)
    const { me, recoveryCodes } = done.json()
    expect(me).toMatchObject({ id: member.id, role: 'editor' })
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    for (const code of recoveryCodes)
      expect(code).toMatch(/^[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}$/)

    // a new token after the second factor: the half one is gone
    const full = cookieOf(done)
    expect(full).not.toBe(half)
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: full } })).json()).toMatchObject({ email: 'new@pudong.gov.cn' })
    expect((await post('/api/auth/enrolment/confirm', { code: authenticatorCode(secret, now) }, half)).statusCode).toBe(401)

    // neither the secret nor a recovery code is stored in clear, and the secret is never answered again
    const [row] = (await app.db.select().from(staff)).filter(s => s.id === member.id)
    expect(row!.totpSecret).toBeTruthy()
    expect(row!.totpSecret).not.toContain(secret)
    expect(row!.totpPendingSecret).toBeNull()
    const stored = (await app.db.select().from(staffRecoveryCodes)).filter(r => r.staffId === member.id)
    expect(stored).toHaveLength(10)
    for (const code of recoveryCodes)
      expect(stored.some(r => r.codeHash.includes(code.replace(/-/g, '')))).toBe(false)
    // 60 random bits are too few for a fast hash (ASVS V6.5.2): argon2id, each with its own salt
    for (const r of stored)
      expect(r.codeHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[\w+/]{22}\$[\w+/]{43}$/)
    expect(new Set(stored.map(r => r.codeHash.split('$')[4])).size).toBe(10)
    const security = await app.inject({ url: '/api/auth/security', headers: { cookie: full } })
    expect(security.json()).toEqual({ totpEnrolledAt: now.toISOString(), recoveryCodesLeft: 10 })
    expect(security.body).not.toContain(secret)
    expect((await post('/api/auth/enrolment', {}, full)).statusCode).toBe(401)
    expect((await auditOf(member.id)).map(r => r.action)).toContain('auth.second-factor-enrolled')
  })

  it('accepts each code once, within one 30-second step either side', async () => {
    tick(600)
    const member = await newStaff('codes@pudong.gov.cn')
    const { secret } = await enrol('codes@pudong.gov.cn')
    const codeAt = (steps: number) => authenticatorCode(secret, new Date(now.getTime() + steps * 30_000))
    const second = async (code: string) => {
      const first = await login('codes@pudong.gov.cn')
      expect(first.json()).toEqual({ next: 'code' })
      return post('/api/auth/second-factor', { code }, cookieOf(first))
    }
    // the code that confirmed enrolment cannot be used again, nor one two steps away
    expect((await second(codeAt(0))).statusCode).toBe(401)
    expect((await second(codeAt(2))).statusCode).toBe(401)
    expect((await second(codeAt(-2))).statusCode).toBe(401)
    const next = await second(codeAt(1))
    expect(next.statusCode).toBe(200)
    expect(next.json()).toMatchObject({ id: member.id })
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie: cookieOf(next) } })).statusCode).toBe(200)
    // replayed, even from another session
    expect((await second(codeAt(1))).statusCode).toBe(401)
    tick(60)
    // typed with a space in the middle, as apps show it
    const spaced = codeAt(0).replace(/^(\d{3})/, '$1 ')
    expect((await second(spaced)).statusCode).toBe(200)
    const actions = (await auditOf(member.id)).map(r => r.action)
    expect(actions.filter(a => a === 'auth.sign-in-failed')).toHaveLength(4)
    expect(actions.filter(a => a === 'auth.sign-in')).toHaveLength(2)
  })

  it('takes a recovery code once, and a new set replaces the old one', async () => {
    tick(600)
    await newStaff('lost-phone@pudong.gov.cn')
    const { recoveryCodes, cookie } = await enrol('lost-phone@pudong.gov.cn')
    const withCode = async (code: string) => post('/api/auth/second-factor', { code }, cookieOf(await login('lost-phone@pudong.gov.cn')))
    const used = await withCode(recoveryCodes[3]!.toUpperCase())
    expect(used.statusCode).toBe(200)
    expect((await withCode(recoveryCodes[3]!)).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/auth/security', headers: { cookie } })).json().recoveryCodesLeft).toBe(9)

    const renewed = await post('/api/auth/recovery-codes', { currentPassword: PASSWORD }, cookie)
    expect(renewed.statusCode).toBe(200)
    const fresh: string[] = renewed.json().recoveryCodes
    expect(fresh).toHaveLength(10)
    expect(fresh.some(c => recoveryCodes.includes(c))).toBe(false)
    expect((await withCode(recoveryCodes[4]!)).statusCode).toBe(401)
    expect((await withCode(fresh[0]!)).statusCode).toBe(200)
  })

  it('still takes, once, a recovery code stored as a bare SHA-256 before codes were hashed with argon2, once wrapped in argon2id at start', async () => {
    tick(600)
    const member = await newStaff('legacy-codes@pudong.gov.cn')
    await enrol('legacy-codes@pudong.gov.cn')
    const legacy = { staffId: member.id, codeHash: sha256('abcdefghjkmn') }
    const unwrapped = { staffId: member.id, codeHash: sha256('pqrstvwxyz23') }
    await app.db.insert(staffRecoveryCodes).values([legacy, unwrapped])
    // a start wraps what it finds: a copy of the table no longer holds the bare hash
    expect(await wrapLegacyRecoveryCodes(app.db)).toBeGreaterThanOrEqual(2)
    expect(await wrapLegacyRecoveryCodes(app.db)).toBe(0)
    const stored = (await app.db.select().from(staffRecoveryCodes)).filter(r => r.staffId === member.id).map(r => r.codeHash)
    expect(stored.filter(h => h.startsWith('sha256+$argon2id$'))).toHaveLength(2)
    expect(stored.join()).not.toContain(legacy.codeHash)
    // one written meanwhile by an older process, not wrapped yet, works too
    await app.db.insert(staffRecoveryCodes).values({ staffId: member.id, codeHash: sha256('m2m2m2m2m2m2') })

    const withCode = async (c: string) => post('/api/auth/second-factor', { code: c }, cookieOf(await login('legacy-codes@pudong.gov.cn')))
    expect((await withCode('abcd-efgh-jkmm')).statusCode).toBe(401)
    for (const code of ['abcd-efgh-jkmn', 'pqrs-tvwx-yz23', 'm2m2-m2m2-m2m2']) {
      expect((await withCode(code.toUpperCase())).statusCode).toBe(200)
      expect((await withCode(code)).statusCode).toBe(401)
    }
  })

  it('lets an admin reset another staff member\'s second factor, which ends their sessions and is audited', async () => {
    tick(600)
    const member = await newStaff('reset-me@pudong.gov.cn', 'moderator')
    const { cookie } = await enrol('reset-me@pudong.gov.cn')
    await newStaff('boss@pudong.gov.cn', 'admin')
    const admin = await signInStaff(app, 'boss@pudong.gov.cn', PASSWORD)

    expect((await post(`/api/admin/staff/${member.id}/second-factor/reset`, {}, cookie)).statusCode).toBe(403)
    // the audit row cannot be written: the authenticator and the sessions stay, all in one transaction
    await failsWithoutAudit(app, 'staff.second-factor-reset', () => post(`/api/admin/staff/${member.id}/second-factor/reset`, {}, admin))
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200)
    expect((await findStaffByEmail(app.db, 'reset-me@pudong.gov.cn'))?.totpEnrolledAt).toBeInstanceOf(Date)
    const reset = await post(`/api/admin/staff/${member.id}/second-factor/reset`, {}, admin)
    expect(reset.statusCode).toBe(204)
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    expect((await login('reset-me@pudong.gov.cn')).json()).toEqual({ next: 'enrol' })
    const row = (await app.db.select().from(auditLog)).find(r => r.action === 'staff.second-factor-reset' && r.target === `staff:${member.id}`)
    expect(row).toMatchObject({ detail: { sessionsEnded: 1 }, sourceIp: '127.0.0.1' })
    const admins = (await app.inject({ url: '/api/admin/staff', headers: { cookie: admin } })).json()
    expect(admins.find((s: { id: number }) => s.id === member.id)).toMatchObject({ totpEnrolled: false, role: 'moderator' })
    expect(JSON.stringify(admins)).not.toMatch(/secret|hash/i)
    expect((await post(`/api/admin/staff/999999/second-factor/reset`, {}, admin)).statusCode).toBe(404)
  })
})

describe('sign-in limits', () => {
  it('locks an account after 10 failures from any addresses, with 429 and Retry-After, until the window passes', async () => {
    tick(3600)
    const member = await newStaff('target@pudong.gov.cn')
    await signInStaff(app, 'target@pudong.gov.cn', PASSWORD)
    for (let i = 0; i < 10; i++) {
      const res = await login('target@pudong.gov.cn', `wrong guess ${i}`, `10.0.${i}.1`)
      expect(res.statusCode).toBe(401)
    }
    const locked = await login('target@pudong.gov.cn', PASSWORD, '10.9.9.9')
    expect(locked.statusCode).toBe(429)
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60)
    expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60)
    expect(locked.json()).toMatchObject({ code: 'rate-limited', detail: expect.stringContaining('锁定') })
    // another account from the same addresses is not affected
    await newStaff('bystander@pudong.gov.cn')
    expect((await login('bystander@pudong.gov.cn', PASSWORD, '10.0.1.1')).statusCode).toBe(200)

    const actions = (await auditOf(member.id)).map(r => r.action)
    expect(actions.filter(a => a === 'auth.sign-in-failed')).toHaveLength(10)
    expect(actions.filter(a => a === 'auth.locked')).toHaveLength(1)

    tick(15 * 60 + 1)
    expect((await login('target@pudong.gov.cn', PASSWORD, '10.9.9.9')).statusCode).toBe(200)
  })

  it('counts wrong codes too: 10 lock the account even with the right password and code', async () => {
    tick(3600)
    await newStaff('codes-guessed@pudong.gov.cn')
    const { secret } = await enrol('codes-guessed@pudong.gov.cn')
    tick(90)
    const half = cookieOf(await login('codes-guessed@pudong.gov.cn'))
    for (let i = 0; i < 10; i++)
      expect((await post('/api/auth/second-factor', { code: String(100000 + i) }, half)).statusCode).toBe(401)
    const refused = await post('/api/auth/second-factor', { code: authenticatorCode(secret, now) }, half)
    expect(refused.statusCode).toBe(429)
    expect(refused.headers['retry-after']).toBeDefined()
    expect((await login('codes-guessed@pudong.gov.cn')).statusCode).toBe(429)
  })

  it('holds back one address after 30 failures across accounts, not the others', async () => {
    tick(3600)
    for (let i = 0; i < 30; i++)
      expect((await login(`nobody${i}@pudong.gov.cn`, 'spray', '192.0.2.7')).statusCode).toBe(401)
    await newStaff('office@pudong.gov.cn')
    const refused = await login('office@pudong.gov.cn', PASSWORD, '192.0.2.7')
    expect(refused.statusCode).toBe(429)
    expect(refused.json().detail).toContain('网络')
    expect((await login('office@pudong.gov.cn', PASSWORD, '192.0.2.8')).statusCode).toBe(200)
  })

  it('logs every failure with a hashed account key, never the password, the email or the address', async () => {
    tick(3600)
    const member = await newStaff('logged@pudong.gov.cn')
    logs.length = 0
    await login('logged@pudong.gov.cn', 'hunter2 secret typed', '203.0.113.9')
    await login('unknown-person@pudong.gov.cn', 'hunter3 secret typed', '203.0.113.9')
    const failures = logs.map(l => JSON.parse(l)).filter(l => l.event === 'login-failed')
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatchObject({ step: 'password', staffId: member.id, account: expect.stringMatching(/^[0-9a-f]{16}$/) })
    expect(failures[1].staffId).toBeUndefined()
    const all = logs.join('\n')
    expect(all).not.toContain('hunter')
    expect(all).not.toContain('203.0.113.9')
    expect(all).not.toContain('unknown-person')
    expect(all).not.toContain('logged@pudong')
  })

  it('logs a refused staff request at warn, with the route and who asked, never the query', async () => {
    logs.length = 0
    await app.inject('/api/admin/documents?q=secret-query')
    const refused = logs.map(l => JSON.parse(l)).filter(l => l.event === 'access-refused')
    expect(refused).toHaveLength(1)
    expect(refused[0]).toMatchObject({ level: 40, status: 401, route: '/api/admin/documents' })
    expect(logs.join('\n')).not.toContain('secret-query')
  })
})

describe('first admin', () => {
  it('is created once, with a random password when none is given, and enrols at the first sign-in', async () => {
    const fresh = await buildTestApp()
    try {
      const first = await ensureFirstAdmin(fresh.db, {})
      expect(first?.password).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
      expect(await ensureFirstAdmin(fresh.db, {})).toBeUndefined()
      const res = await fresh.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: first!.email, password: first!.password } })
      expect(res.json()).toEqual({ next: 'enrol' })
    }
    finally {
      await fresh.close()
    }
  })

  it('takes its TOTP secret from the environment when given (development and tests)', async () => {
    const fresh = await buildTestApp()
    try {
      const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
      await ensureFirstAdmin(fresh.db, { email: 'root@gongkai.test', password: 'a long admin password', totpSecret: secret })
      expect((await findStaffByEmail(fresh.db, 'root@gongkai.test'))!.totpSecret).not.toContain(secret)
      const res = await fresh.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'root@gongkai.test', password: 'a long admin password' } })
      expect(res.json()).toEqual({ next: 'code' })
      const done = await fresh.inject({ method: 'POST', url: '/api/auth/second-factor', headers: { ...jsonWrite, cookie: cookieOf(res) }, payload: { code: authenticatorCode(secret, new Date()) } })
      expect(done.json()).toMatchObject({ role: 'admin', email: 'root@gongkai.test' })
    }
    finally {
      await fresh.close()
    }
  })
})

describe('wrong passwords', () => {
  it('refuses a wrong password and an unknown account alike', async () => {
    tick(3600)
    await newStaff('editor@pudong.gov.cn')
    const wrong = await login('editor@pudong.gov.cn', 'nope')
    const unknown = await login('nobody@pudong.gov.cn', 'nope')
    expect(wrong.statusCode).toBe(401)
    expect(unknown.statusCode).toBe(401)
    expect(wrong.json().detail).toBe(unknown.json().detail)
    expect(wrong.headers['set-cookie']).toBeUndefined()
  })
})
