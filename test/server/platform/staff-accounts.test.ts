import type { FastifyInstance } from 'fastify'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, staff, staffSessions } from '../../../src/server/db/schema'
import { lockStaff } from '../../../src/server/repositories/staff'
import { buildTestApp, cookieOf, failsWithoutAudit, jsonWrite, newStaffSession, signInStaff } from '../../support/app'

let now = new Date('2026-11-24T02:00:00Z')
let app: FastifyInstance
const logs: string[] = []
let admin: { cookie: string, staff: { id: number } }

beforeAll(async () => {
  app = await buildTestApp({ clock: () => now }, { logStream: { write: line => void logs.push(line) } })
  admin = await newStaffSession(app, 'admin', { email: 'accounts-admin@pudong.gov.cn' })
})
afterAll(() => app.close())

/** Moves the clock on, so each sign-in has a fresh authenticator step. */
function tick(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000)
}
function post(url: string, payload: object, cookie = admin.cookie) {
  return app.inject({ method: 'POST', url, headers: { ...jsonWrite, cookie }, payload })
}
const login = (email: string, password: string) => post('/api/auth/login', { email, password }, '')
const me = (cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } })
async function listed(id: number) {
  const list = (await app.inject({ url: '/api/admin/staff', headers: { cookie: admin.cookie } })).json() as Array<{ id: number, disabled: boolean, mustChangePassword: boolean, totpEnrolled: boolean, displayName: string }>
  return list.find(s => s.id === id)
}
async function auditOf(id: number) {
  return (await app.db.select().from(auditLog)).filter(r => r.target === `staff:${id}`).sort((a, b) => a.id - b.id)
}

describe('POST /api/admin/staff', () => {
  it('creates an account with a temporary password, answered once, that must be changed; the person enrols at the first sign-in', async () => {
    const made = await post('/api/admin/staff', { email: 'Organiser@pudong.gov.cn', displayName: '  活动\u200B组织者 ', role: 'organizer' })
    expect(made.statusCode, made.body).toBe(201)
    expect(made.headers['cache-control']).toBe('no-store')
    const { id, temporaryPassword } = made.json() as { id: number, temporaryPassword: string }
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
    expect(await listed(id)).toMatchObject({ displayName: '活动组织者', mustChangePassword: true, totpEnrolled: false, disabled: false })
    // it opens the account for 72 hours (password.test.ts walks the expiry)
    const [row] = await app.db.select().from(staff).where(eq(staff.id, id))
    expect(row!.temporaryPasswordExpiresAt!.getTime() - row!.passwordMustChangeAt!.getTime()).toBe(72 * 3600_000)

    expect((await login('organiser@pudong.gov.cn', temporaryPassword)).json()).toEqual({ next: 'enrol' })
    const cookie = await signInStaff(app, 'organiser@pudong.gov.cn', temporaryPassword)
    expect((await me(cookie)).json()).toMatchObject({ id, role: 'organizer', mustChangePassword: true })
    // until the temporary password is changed, the console's routes stay shut
    expect((await app.inject({ url: '/api/admin/events', headers: { cookie } })).statusCode).toBe(403)

    expect((await auditOf(id)).map(r => [r.action, r.staffId])).toEqual([['staff.create', admin.staff.id], ['auth.second-factor-enrolled', id]])
    expect(JSON.stringify(await app.db.select().from(auditLog)) + logs.join('\n')).not.toContain(temporaryPassword)
  })

  it('refuses an email that has an account whatever its case (409 at email), and a name that is only spaces (400 at displayName)', async () => {
    expect((await post('/api/admin/staff', { email: 'twice@pudong.gov.cn', displayName: '甲', role: 'editor' })).statusCode).toBe(201)
    const taken = await post('/api/admin/staff', { email: 'TWICE@pudong.gov.cn', displayName: '乙', role: 'editor' })
    expect(taken.statusCode).toBe(409)
    expect(taken.json()).toMatchObject({ field: 'email', detail: '这个邮箱已经有账户。' })
    const blank = await post('/api/admin/staff', { email: 'blank@pudong.gov.cn', displayName: ' \u200B ', role: 'editor' })
    expect(blank.statusCode).toBe(400)
    expect(blank.json()).toMatchObject({ field: 'displayName', detail: '请填写姓名。' })
    const bad = await post('/api/admin/staff', { email: 'not an email', displayName: '丙', role: 'editor' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ field: 'email' })
    // the admin never chooses the password
    expect((await post('/api/admin/staff', { email: 'chosen@pudong.gov.cn', displayName: '丁', role: 'editor', password: 'a password the admin knows' })).statusCode).toBe(400)
  })
})

describe('POST /api/admin/staff/:id/disable and /enable', () => {
  it('ends a disabled member\'s sessions at once and refuses their sign-in like a wrong password, until an admin enables the account', async () => {
    tick(600)
    const member = await newStaffSession(app, 'editor', { email: 'leaving@pudong.gov.cn', displayName: '离职者' })
    tick(60)
    const elsewhere = await signInStaff(app, member.email, member.password)

    const disabled = await post(`/api/admin/staff/${member.staff.id}/disable`, {})
    expect(disabled.statusCode, disabled.body).toBe(204)
    expect((await me(member.cookie)).statusCode).toBe(401)
    expect((await me(elsewhere)).statusCode).toBe(401)
    expect(await listed(member.staff.id)).toMatchObject({ disabled: true })
    // no different answer from a wrong password, and no session: the refusal says nothing about the account
    const refused = await login(member.email, member.password)
    const wrong = await login(member.email, 'not the password at all')
    const { requestId: _r, instance: _i, ...problem } = refused.json()
    expect(refused.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject(problem)
    expect(refused.headers['set-cookie']).toBeUndefined()
    // disabling again changes nothing and writes nothing
    expect((await post(`/api/admin/staff/${member.staff.id}/disable`, {})).statusCode).toBe(204)

    tick(60)
    expect((await post(`/api/admin/staff/${member.staff.id}/enable`, {})).statusCode).toBe(204)
    expect((await post(`/api/admin/staff/${member.staff.id}/enable`, {})).statusCode).toBe(204)
    expect(await listed(member.staff.id)).toMatchObject({ disabled: false })
    // the sessions were ended, not suspended: enabling brings none back
    expect((await me(member.cookie)).statusCode).toBe(401)
    expect((await me(elsewhere)).statusCode).toBe(401)
    const back = await signInStaff(app, member.email, member.password)
    expect((await me(back)).statusCode).toBe(200)

    const rows = (await auditOf(member.staff.id)).filter(r => r.action.startsWith('staff.'))
    expect(rows.map(r => [r.action, r.staffId, r.detail])).toEqual([
      ['staff.disable', admin.staff.id, { sessionsEnded: 2 }],
      ['staff.enable', admin.staff.id, { sessionsEnded: 0 }],
    ])
  })

  it('refuses an admin\'s own account (409, so one admin is always left) and an unknown one (404), and is for admins only', async () => {
    const self = await post(`/api/admin/staff/${admin.staff.id}/disable`, {})
    expect(self.statusCode).toBe(409)
    expect(self.json().detail).toContain('不能停用自己的账户')
    expect((await me(admin.cookie)).statusCode).toBe(200)
    for (const action of ['disable', 'enable'])
      expect((await post(`/api/admin/staff/999999/${action}`, {})).statusCode).toBe(404)

    tick(600)
    const editor = await newStaffSession(app, 'editor')
    expect((await post(`/api/admin/staff/${admin.staff.id}/disable`, {}, editor.cookie)).statusCode).toBe(403)
    expect(await listed(admin.staff.id)).toMatchObject({ disabled: false })
    expect((await auditOf(admin.staff.id)).some(r => r.action === 'staff.disable')).toBe(false)
  })

  // PGlite has one connection: nothing waits there
  it.runIf(process.env.TEST_DATABASE_URL)('lets an audit row naming a staff member through while a disable holds their row (no deadlock with a reset)', async () => {
    tick(600)
    const one = await newStaffSession(app, 'admin')
    await app.db.transaction(async (tx) => {
      // what disabling holds until its commit
      expect((await lockStaff(tx, [one.staff.id])).has(one.staff.id)).toBe(true)
      // meanwhile, on another connection, a reset's audit row by `one` (its foreign key check) goes through at once
      await app.db.transaction(async (other) => {
        await other.execute(sql`set local lock_timeout = '2s'`)
        await other.insert(auditLog).values({ staffId: one.staff.id, action: 'test.lock-check', target: `staff:${one.staff.id}` })
      })
    })
    expect((await auditOf(one.staff.id)).filter(r => r.action === 'test.lock-check')).toHaveLength(1)
  })

  it('never lets two admins disabling each other at once leave no admin', async () => {
    tick(600)
    const one = await newStaffSession(app, 'admin')
    const two = await newStaffSession(app, 'admin')
    const [first, second] = await Promise.all([
      post(`/api/admin/staff/${two.staff.id}/disable`, {}, one.cookie),
      post(`/api/admin/staff/${one.staff.id}/disable`, {}, two.cookie),
    ])
    // one of them goes first; the other, disabled by then, is refused (before its handler, or under the row lock)
    expect([first.statusCode, second.statusCode].filter(s => s === 204)).toHaveLength(1)
    expect([first.statusCode, second.statusCode].filter(s => s === 401 || s === 403)).toHaveLength(1)
    const left = [await listed(one.staff.id), await listed(two.staff.id)].filter(a => !a!.disabled)
    expect(left).toHaveLength(1)
  })
})

describe('POST /api/admin/staff/sessions/end-all', () => {
  it('ends every session of every staff member but the admin\'s own, in one audited transaction, and is for admins only', async () => {
    tick(600)
    const editor = await newStaffSession(app, 'editor')
    const moderator = await newStaffSession(app, 'moderator')
    tick(60)
    const moderatorElsewhere = await signInStaff(app, moderator.email, moderator.password)
    const adminElsewhere = await signInStaff(app, 'accounts-admin@pudong.gov.cn', 'correct horse battery staple')
    const half = (await login(editor.email, editor.password)).headers['set-cookie']
    expect(half).toBeDefined()
    const count = async () => (await app.db.select().from(staffSessions)).length
    const before = await count()
    // the admin has a session elsewhere too: everyone with a session now is signed out somewhere
    const people = new Set((await app.db.select({ staffId: staffSessions.staffId }).from(staffSessions)).map(r => r.staffId)).size
    const others = [editor.cookie, moderator.cookie, moderatorElsewhere, adminElsewhere]

    // another role: refused, nothing ends
    expect((await post('/api/admin/staff/sessions/end-all', {}, editor.cookie)).statusCode).toBe(403)
    // the audit row cannot be written: nothing ends either
    await failsWithoutAudit(app, 'staff.all-sessions-ended', () => post('/api/admin/staff/sessions/end-all', {}))
    expect(await count()).toBe(before)
    for (const cookie of others)
      expect((await me(cookie)).statusCode).toBe(200)

    const res = await post('/api/admin/staff/sessions/end-all', {})
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toEqual({ ended: before - 1 })
    expect(await count()).toBe(1)
    for (const cookie of others)
      expect((await me(cookie)).statusCode).toBe(401)
    expect((await post('/api/auth/enrolment', {}, cookieOf({ headers: { 'set-cookie': half } }))).statusCode).toBe(401)
    // the admin who asked goes on, here only
    expect((await me(admin.cookie)).statusCode).toBe(200)
    expect((await app.inject({ url: '/api/auth/sessions', headers: { cookie: admin.cookie } })).json()).toHaveLength(1)

    const rows = (await app.db.select().from(auditLog)).filter(r => r.action === 'staff.all-sessions-ended')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toMatchObject({ staffId: admin.staff.id, target: 'staff:*', sourceIp: '127.0.0.1', detail: { sessionsEnded: before - 1, staffSignedOut: people } })
    expect(people).toBeGreaterThanOrEqual(3)
    expect(logs.join('\n')).toContain('"event":"all-sessions-ended"')
    // they sign in again as before
    tick(60)
    expect((await me(await signInStaff(app, moderator.email, moderator.password))).statusCode).toBe(200)
  })
})
