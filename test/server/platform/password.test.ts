import type { FastifyInstance } from 'fastify'
import type { StaffRole } from '../../../src/shared/constants'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, staffRecoveryCodes, staffSessions } from '../../../src/server/db/schema'
import { findStaffByEmail } from '../../../src/server/repositories/staff'
import { ensureFirstAdmin } from '../../../src/server/services/bootstrap'
import { COMMON_PASSWORD_COUNT, isCommonPassword } from '../../../src/server/services/common-passwords'
import { buildTestApp, cookieOf, failsWithoutAudit, jsonWrite, newStaffMember, signInStaff } from '../../support/app'

let now = new Date('2026-11-24T02:00:00Z')
let app: FastifyInstance
const logs: string[] = []
const PASSWORD = 'correct horse battery'
const NEW_PASSWORD = 'a fresh staple of ginkgo'

beforeAll(async () => {
  app = await buildTestApp({ clock: () => now }, { logStream: { write: line => void logs.push(line) } })
})
afterAll(() => app.close())

function tick(seconds: number) {
  now = new Date(now.getTime() + seconds * 1000)
}
function post(url: string, payload: object, cookie?: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, headers: { ...jsonWrite, ...(cookie ? { cookie } : {}), ...headers }, payload })
}
const login = (email: string, password: string) => post('/api/auth/login', { email, password })
function change(cookie: string, currentPassword: string, newPassword: string, headers?: Record<string, string>) {
  return post('/api/auth/password', { currentPassword, newPassword }, cookie, headers)
}
const me = (cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } })
async function newStaff(email: string, role: StaffRole = 'editor') {
  return (await newStaffMember(app, role, { email, password: PASSWORD })).staff
}
async function auditOf(staffId: number) {
  return (await app.db.select().from(auditLog)).filter(r => r.target === `staff:${staffId}`)
}

describe('POST /api/auth/password', () => {
  it('changes the password: the new one signs in, the old one does not, other sessions end and this one gets a new token', async () => {
    const member = await newStaff('change@pudong.gov.cn')
    const here = await signInStaff(app, 'change@pudong.gov.cn', PASSWORD)
    const elsewhere = await signInStaff(app, 'change@pudong.gov.cn', PASSWORD)

    const res = await change(here, PASSWORD, NEW_PASSWORD)
    expect(res.statusCode, res.body).toBe(204)
    expect(res.headers['cache-control']).toBe('no-store')
    const fresh = cookieOf(res)
    expect(fresh).not.toBe(here)
    expect((await me(fresh)).json()).toMatchObject({ id: member.id, mustChangePassword: false })
    expect((await me(here)).statusCode).toBe(401)
    expect((await me(elsewhere)).statusCode).toBe(401)

    expect((await login('change@pudong.gov.cn', PASSWORD)).statusCode).toBe(401)
    expect((await login('change@pudong.gov.cn', NEW_PASSWORD)).json()).toEqual({ next: 'code' })
    const row = (await auditOf(member.id)).find(r => r.action === 'auth.password-changed')
    expect(row).toMatchObject({ staffId: member.id, detail: { sessionsEnded: 1, wasTemporary: false } })
    expect(logs.join('\n')).not.toContain(NEW_PASSWORD)
  })

  it('changes nothing when its record cannot be written: the old password still signs in, no session ends', async () => {
    tick(3600)
    await newStaff('change-unrecorded@pudong.gov.cn')
    const here = await signInStaff(app, 'change-unrecorded@pudong.gov.cn', PASSWORD)
    const elsewhere = await signInStaff(app, 'change-unrecorded@pudong.gov.cn', PASSWORD)
    await failsWithoutAudit(app, 'auth.password-changed', () => change(here, PASSWORD, NEW_PASSWORD))
    expect((await me(here)).statusCode).toBe(200)
    expect((await me(elsewhere)).statusCode).toBe(200)
    expect((await login('change-unrecorded@pudong.gov.cn', NEW_PASSWORD)).statusCode).toBe(401)
    expect((await login('change-unrecorded@pudong.gov.cn', PASSWORD)).json()).toEqual({ next: 'code' })
  })

  it('counts a wrong current password as a failed sign-in: 401 on the field, audited, and 10 lock the account', async () => {
    tick(3600)
    const member = await newStaff('guessed@pudong.gov.cn')
    const cookie = await signInStaff(app, 'guessed@pudong.gov.cn', PASSWORD)
    const wrong = await change(cookie, 'not my password', NEW_PASSWORD)
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ code: 'invalid-credentials', field: 'currentPassword', detail: '当前密码不正确。' })
    expect((await change(cookie, 'not my password', NEW_PASSWORD, { 'accept-language': 'en' })).json().detail).toBe('The current password is not correct.')
    for (let i = 2; i < 10; i++)
      expect((await change(cookie, `guess ${i}`, NEW_PASSWORD)).statusCode).toBe(401)

    const locked = await change(cookie, PASSWORD, NEW_PASSWORD)
    expect(locked.statusCode).toBe(429)
    expect(locked.headers['retry-after']).toBeDefined()
    expect((await login('guessed@pudong.gov.cn', PASSWORD)).statusCode).toBe(429)
    const actions = (await auditOf(member.id)).map(r => r.action)
    expect(actions.filter(a => a === 'auth.sign-in-failed')).toHaveLength(10)
    expect(actions.filter(a => a === 'auth.locked')).toHaveLength(1)
    expect(actions).not.toContain('auth.password-changed')

    tick(15 * 60 + 1)
    expect((await change(cookie, PASSWORD, NEW_PASSWORD)).statusCode).toBe(204)
  })

  it('refuses a weak new password with 400 on newPassword, in Chinese or English, without counting a failure', async () => {
    tick(3600)
    const member = await newStaff('wang.fang@pudong.gov.cn')
    const cookie = await signInStaff(app, 'wang.fang@pudong.gov.cn', PASSWORD)
    const refused = async (newPassword: string, lang?: 'en') => {
      const res = await change(cookie, PASSWORD, newPassword, lang ? { 'accept-language': 'en' } : {})
      expect(res.statusCode, newPassword).toBe(400)
      expect(res.json()).toMatchObject({ code: 'validation', field: 'newPassword' })
      return res.json().detail as string
    }
    expect(await refused('short pass')).toBe('内容太短：至少 12 个字。')
    expect(await refused('short pass', 'en')).toBe('Too short: at least 12 characters.')
    expect(await refused('x'.repeat(129))).toContain('最多 128')
    expect(await refused('1QAZ2wsx3edc')).toContain('常见')
    expect(await refused('Woaini1314520', 'en')).toContain('common')
    expect(await refused(PASSWORD)).toBe('新密码不能与当前密码相同。')
    expect(await refused(PASSWORD, 'en')).toBe('The new password must differ from the current one.')
    expect(await refused('my name is Wang.Fang ok')).toContain('@')
    expect(await refused('wang.fang-2026-spring', 'en')).toContain('email')
    expect((await auditOf(member.id)).map(r => r.action)).not.toContain('auth.sign-in-failed')
    expect((await me(cookie)).statusCode).toBe(200)
    expect((await change(cookie, PASSWORD, NEW_PASSWORD)).statusCode).toBe(204)
  })

  it('needs a full sign-in: no session and a half session get 401', async () => {
    tick(3600)
    await newStaff('half@pudong.gov.cn')
    expect((await post('/api/auth/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD })).statusCode).toBe(401)
    const half = cookieOf(await login('half@pudong.gov.cn', PASSWORD))
    expect((await change(half, PASSWORD, NEW_PASSWORD)).statusCode).toBe(401)
    expect((await login('half@pudong.gov.cn', PASSWORD)).statusCode).toBe(200)
  })
})

describe('POST /api/auth/recovery-codes', () => {
  const renew = (cookie: string, body: object, headers?: Record<string, string>) => post('/api/auth/recovery-codes', body, cookie, headers)
  const storedCodes = async (staffId: number) => (await app.db.select().from(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId))).map(r => r.codeHash).sort()

  it('asks for the current password: a wrong one is a failed sign-in (401 on the field, audited, 10 lock the account) and renews nothing', async () => {
    tick(3600)
    const member = await newStaff('renew@pudong.gov.cn')
    const cookie = await signInStaff(app, 'renew@pudong.gov.cn', PASSWORD)
    const before = await storedCodes(member.id)
    expect(before).toHaveLength(10)

    const missing = await renew(cookie, {})
    expect(missing.statusCode).toBe(400)
    expect(missing.json()).toMatchObject({ code: 'validation', field: 'currentPassword' })
    const wrong = await renew(cookie, { currentPassword: 'not my password' })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json()).toMatchObject({ code: 'invalid-credentials', field: 'currentPassword', detail: '当前密码不正确。' })
    expect(wrong.json().recoveryCodes).toBeUndefined()
    expect((await renew(cookie, { currentPassword: 'not my password' }, { 'accept-language': 'en' })).json().detail).toBe('The current password is not correct.')
    expect(await storedCodes(member.id)).toEqual(before)
    // a wrong password ends nothing: the session was the owner's all along, perhaps
    expect((await me(cookie)).statusCode).toBe(200)

    const renewed = await renew(cookie, { currentPassword: PASSWORD })
    expect(renewed.statusCode, renewed.body).toBe(200)
    expect(renewed.headers['cache-control']).toBe('no-store')
    expect(renewed.json().recoveryCodes).toHaveLength(10)
    expect(await storedCodes(member.id)).not.toEqual(before)

    for (let i = 3; i <= 10; i++)
      expect((await renew(cookie, { currentPassword: `guess ${i}` })).statusCode).toBe(401)
    const locked = await renew(cookie, { currentPassword: PASSWORD })
    expect(locked.statusCode).toBe(429)
    expect(locked.headers['retry-after']).toBeDefined()
    expect((await login('renew@pudong.gov.cn', PASSWORD)).statusCode).toBe(429)
    const actions = (await auditOf(member.id)).map(r => r.action)
    expect(actions.filter(a => a === 'auth.sign-in-failed')).toHaveLength(10)
    expect(actions.filter(a => a === 'auth.locked')).toHaveLength(1)
    expect(actions.filter(a => a === 'auth.recovery-codes-renewed')).toHaveLength(1)
    expect(logs.join('\n')).not.toContain('guess 10')
  })
  it('renews nothing when its record cannot be written', async () => {
    tick(3600)
    const member = await newStaff('renew-unrecorded@pudong.gov.cn')
    const cookie = await signInStaff(app, 'renew-unrecorded@pudong.gov.cn', PASSWORD)
    const before = await storedCodes(member.id)
    await failsWithoutAudit(app, 'auth.recovery-codes-renewed', () => renew(cookie, { currentPassword: PASSWORD }))
    expect(await storedCodes(member.id)).toEqual(before)
  })
})

describe('POST /api/admin/staff/:id/password/reset', () => {
  it('gives a temporary password once: the old one stops, sessions end, the second factor stays, and it must be changed', async () => {
    tick(3600)
    const member = await newStaff('forgot@pudong.gov.cn', 'editor')
    const before = await signInStaff(app, 'forgot@pudong.gov.cn', PASSWORD)
    const adminRow = await newStaff('reset-admin@pudong.gov.cn', 'admin')
    const admin = await signInStaff(app, 'reset-admin@pudong.gov.cn', PASSWORD)

    expect((await post(`/api/admin/staff/${member.id}/password/reset`, {}, before)).statusCode).toBe(403)
    // the audit row cannot be written: the password and the sessions stay, all in one transaction
    const hash = async () => (await findStaffByEmail(app.db, 'forgot@pudong.gov.cn'))?.passwordHash
    const kept = await hash()
    await failsWithoutAudit(app, 'staff.password-reset', () => post(`/api/admin/staff/${member.id}/password/reset`, {}, admin))
    expect((await me(before)).statusCode).toBe(200)
    expect(await hash()).toBe(kept)
    const reset = await post(`/api/admin/staff/${member.id}/password/reset`, {}, admin)
    expect(reset.statusCode, reset.body).toBe(200)
    expect(reset.headers['cache-control']).toBe('no-store')
    const { temporaryPassword } = reset.json()
    expect(temporaryPassword).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
    expect(temporaryPassword).not.toBe((await post(`/api/admin/staff/${member.id}/password/reset`, {}, admin)).json().temporaryPassword)
    const temporary = (await post(`/api/admin/staff/${member.id}/password/reset`, {}, admin)).json().temporaryPassword as string

    expect((await me(before)).statusCode).toBe(401)
    expect((await login('forgot@pudong.gov.cn', PASSWORD)).statusCode).toBe(401)
    expect((await login('forgot@pudong.gov.cn', temporaryPassword)).statusCode).toBe(401)
    // the second factor is not reset with the password: a reset cannot be a way around it
    expect((await login('forgot@pudong.gov.cn', temporary)).json()).toEqual({ next: 'code' })
    tick(60)
    const cookie = await signInStaff(app, 'forgot@pudong.gov.cn', temporary)
    expect((await me(cookie)).json()).toMatchObject({ id: member.id, mustChangePassword: true })
    const list = async () => ((await app.inject({ url: '/api/admin/staff', headers: { cookie: admin } })).json() as Array<{ id: number, mustChangePassword: boolean }>).find(s => s.id === member.id)
    expect(await list()).toMatchObject({ mustChangePassword: true })
    // until changed, only the account's own routes open
    const blocked = await app.inject({ url: '/api/admin/documents', headers: { cookie } })
    expect(blocked.statusCode).toBe(403)
    expect(blocked.json().detail).toContain('修改密码')
    expect((await app.inject({ url: '/api/auth/security', headers: { cookie } })).statusCode).toBe(200)

    const changed = await change(cookie, temporary, NEW_PASSWORD)
    expect(changed.statusCode).toBe(204)
    const after = cookieOf(changed)
    expect((await me(after)).json()).toMatchObject({ mustChangePassword: false })
    expect((await app.inject({ url: '/api/admin/documents', headers: { cookie: after } })).statusCode).toBe(200)
    expect(await list()).toMatchObject({ mustChangePassword: false })

    const rows = (await auditOf(member.id)).filter(r => r.action === 'staff.password-reset').sort((a, b) => a.id - b.id)
    expect(rows).toHaveLength(3)
    expect(rows[0]).toMatchObject({ staffId: adminRow.id, detail: { sessionsEnded: 1 }, sourceIp: '127.0.0.1' })
    expect((await auditOf(member.id)).find(r => r.action === 'auth.password-changed')).toMatchObject({ detail: { wasTemporary: true } })
    const everything = JSON.stringify(await app.db.select().from(auditLog)) + logs.join('\n')
    expect(everything).not.toContain(temporary)
  })

  it('lets a temporary password open the account for 72 hours only: then it is refused plainly, not counted as a failure', async () => {
    tick(3600)
    const member = await newStaff('slow-reader@pudong.gov.cn', 'editor')
    await newStaff('slow-admin@pudong.gov.cn', 'admin')
    const admin = await signInStaff(app, 'slow-admin@pudong.gov.cn', PASSWORD)
    const { temporaryPassword } = (await post(`/api/admin/staff/${member.id}/password/reset`, {}, admin)).json()
    const stored = await findStaffByEmail(app.db, 'slow-reader@pudong.gov.cn')
    expect(stored!.temporaryPasswordExpiresAt!.getTime() - stored!.passwordMustChangeAt!.getTime()).toBe(72 * 3600_000)

    tick(72 * 3600 - 60)
    expect((await login('slow-reader@pudong.gov.cn', temporaryPassword)).statusCode).toBe(200)
    tick(60)
    const late = await login('slow-reader@pudong.gov.cn', temporaryPassword)
    expect(late.statusCode).toBe(403)
    expect(late.json()).toMatchObject({ code: 'forbidden', detail: expect.stringContaining('请联系管理员重新发放临时密码') })
    expect(late.headers['set-cookie']).toBeUndefined()
    const english = await post('/api/auth/login', { email: 'slow-reader@pudong.gov.cn', password: temporaryPassword }, undefined, { 'accept-language': 'en' })
    expect(english.json().detail).toContain('ask an admin for a new one')
    // a wrong password still says only that it is wrong, and counts; the expired right one does not
    expect((await login('slow-reader@pudong.gov.cn', 'not the password at all')).statusCode).toBe(401)
    expect((await auditOf(member.id)).filter(r => r.action === 'auth.sign-in-failed')).toHaveLength(1)
    expect(logs.join('\n')).toContain('"event":"temporary-password-expired"')
    // the admins' list says so, for whoever gives a new one
    const listed = async (cookie: string) => ((await app.inject({ url: '/api/admin/staff', headers: { cookie } })).json() as Array<{ id: number, mustChangePassword: boolean, temporaryPasswordExpired: boolean }>).find(s => s.id === member.id)
    const adminLater = await signInStaff(app, 'slow-admin@pudong.gov.cn', PASSWORD)
    expect(await listed(adminLater)).toMatchObject({ mustChangePassword: true, temporaryPasswordExpired: true })

    // a new one from the admin works, and once the owner has chosen their own, no limit is left
    const again = (await post(`/api/admin/staff/${member.id}/password/reset`, {}, adminLater)).json().temporaryPassword as string
    expect(await listed(adminLater)).toMatchObject({ mustChangePassword: true, temporaryPasswordExpired: false })
    const cookie = await signInStaff(app, 'slow-reader@pudong.gov.cn', again)
    expect((await change(cookie, again, NEW_PASSWORD)).statusCode).toBe(204)
    expect((await findStaffByEmail(app.db, 'slow-reader@pudong.gov.cn'))).toMatchObject({ passwordMustChangeAt: null, temporaryPasswordExpiresAt: null })
    tick(100 * 3600)
    expect((await login('slow-reader@pudong.gov.cn', NEW_PASSWORD)).statusCode).toBe(200)
  })

  it('refuses an admin\'s own account (409) and an unknown one (404)', async () => {
    tick(3600)
    const self = await newStaff('self-admin@pudong.gov.cn', 'admin')
    const admin = await signInStaff(app, 'self-admin@pudong.gov.cn', PASSWORD)
    expect((await post(`/api/admin/staff/${self.id}/password/reset`, {}, admin)).statusCode).toBe(409)
    expect((await post('/api/admin/staff/999999/password/reset', {}, admin)).statusCode).toBe(404)
    expect((await me(admin)).statusCode).toBe(200)
  })
})

describe('passwords someone else chose', () => {
  it('marks a generated first admin\'s password must-change, not one given in GONGKAI_ADMIN_PASSWORD', async () => {
    for (const password of [undefined, 'a long admin password']) {
      const fresh = await buildTestApp()
      try {
        const first = await ensureFirstAdmin(fresh.db, { email: 'root@gongkai.test', password })
        const cookie = await signInStaff(fresh, first!.email, first!.password ?? password!)
        const answer = (await fresh.inject({ url: '/api/auth/me', headers: { cookie } })).json()
        expect(answer.mustChangePassword).toBe(password === undefined)
        expect((await findStaffByEmail(fresh.db, 'root@gongkai.test'))!.temporaryPasswordExpiresAt === null).toBe(password !== undefined)
      }
      finally {
        await fresh.close()
      }
    }
  })

  it('gives the generated first admin a new password at start once theirs has expired unused, and only then', async () => {
    const fresh = await buildTestApp()
    try {
      const start = new Date('2026-11-24T02:00:00Z')
      const at = (hours: number) => new Date(start.getTime() + hours * 3600_000)
      const first = (await ensureFirstAdmin(fresh.db, { email: 'root@gongkai.test' }, start))!
      expect(first).toMatchObject({ email: 'root@gongkai.test', password: expect.any(String) })
      expect(first.renewed).toBeUndefined()
      // a restart within the 72 hours changes nothing
      expect(await ensureFirstAdmin(fresh.db, { email: 'root@gongkai.test' }, at(71))).toBeUndefined()
      const signIn = (password: string) => fresh.inject({ method: 'POST', url: '/api/auth/login', headers: jsonWrite, payload: { email: 'root@gongkai.test', password } })
      expect((await signIn(first.password!)).statusCode).toBe(200)
      const root = (await findStaffByEmail(fresh.db, 'root@gongkai.test'))!
      const sessions = async () => (await fresh.db.select().from(staffSessions).where(eq(staffSessions.staffId, root.id))).length
      expect(await sessions()).toBe(1)
      const renewed = (await ensureFirstAdmin(fresh.db, { email: 'root@gongkai.test' }, at(72)))!
      expect(renewed).toMatchObject({ email: 'root@gongkai.test', renewed: true })
      // with the account's sessions ended, and a record with no actor
      expect(await sessions()).toBe(0)
      expect((await fresh.db.select().from(auditLog)).filter(r => r.action === 'staff.password-renewed-at-start')).toEqual([expect.objectContaining({ staffId: null, target: `staff:${root.id}`, detail: { sessionsEnded: 1 } })])
      expect(renewed.password).not.toBe(first.password)
      expect((await findStaffByEmail(fresh.db, 'root@gongkai.test'))!.temporaryPasswordExpiresAt).toEqual(at(144))
      // of two processes starting at once, one renews it
      const twice = await Promise.all([at(150), at(150)].map(now => ensureFirstAdmin(fresh.db, {}, now)))
      expect(twice.filter(Boolean)).toHaveLength(1)
      const current = twice.find(Boolean)!.password!
      expect((await signIn(renewed.password!)).statusCode).toBe(401)
      // an admin who can sign in (a password of their own) means nothing is renewed
      await newStaffMember(fresh, 'admin', { email: 'second-admin@gongkai.test', password: PASSWORD })
      expect(await ensureFirstAdmin(fresh.db, {}, at(1000))).toBeUndefined()
      expect(current).toMatch(/^[a-z2-9]{4}(?:-[a-z2-9]{4}){3}$/)
    }
    finally {
      await fresh.close()
    }
  })

  it('keeps a list of about 200 common passwords, matched whatever the case', () => {
    expect(COMMON_PASSWORD_COUNT).toBeGreaterThanOrEqual(200)
    for (const common of ['woaini1314', 'QQ123456', 'a123456789', '1qaz2wsx3edc', 'Password123'])
      expect(isCommonPassword(common), common).toBe(true)
    expect(isCommonPassword(NEW_PASSWORD)).toBe(false)
  })
})
