import type { FastifyInstance } from 'fastify'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, configFromEnv, loadEnv } from '../../../src/server/config'
import { auditLog } from '../../../src/server/db/schema'
import { purgeAuditLog } from '../../../src/server/repositories/maintenance'
import { buildTestApp, jsonWrite, newStaffSession } from '../../support/app'

let app: FastifyInstance
let admin: string
let adminId: number
const DAY = 86_400_000

beforeAll(async () => {
  app = await buildTestApp()
  const signedIn = await newStaffSession(app, 'admin', { displayName: '管理员' })
  adminId = signedIn.staff.id
  admin = signedIn.cookie
})
afterAll(() => app.close())

/** The database's refusal, whichever driver words it. */
async function refusal(statement: Promise<unknown>): Promise<string> {
  try {
    await statement
  }
  catch (error) {
    const e = error as Error & { cause?: Error }
    return `${e.message} ${e.cause?.message ?? ''}`
  }
  throw new Error('the statement was not refused')
}

describe('the audit log', () => {
  it('records who did what, when and from where', async () => {
    const before = Date.now()
    const res = await app.inject({ method: 'PUT', url: '/api/admin/bundles/elder-care', headers: { ...jsonWrite, cookie: admin }, remoteAddress: '198.51.100.23', payload: { slug: 'elder-care', title: '养老服务', summary: '养老服务一件事', items: [], published: false } })
    expect(res.statusCode, res.body).toBe(204)
    const [row] = await app.db.select().from(auditLog).where(eq(auditLog.action, 'bundle.save'))
    expect(row).toMatchObject({ staffId: adminId, target: 'bundle:elder-care', sourceIp: '198.51.100.23', requestId: expect.any(String) })
    expect(row!.at.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(row!.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000)
  })

  it('cannot be changed: the database refuses UPDATE, TRUNCATE, and DELETE of a row younger than 180 days', async () => {
    await app.db.insert(auditLog).values({ action: 'test.recent', target: 'x', at: new Date(Date.now() - 179 * DAY) })
    expect(await refusal(app.db.execute(sql`update audit_log set action = 'forged' where action = 'test.recent'`))).toMatch(/append-only|rejected|refused|audit_log/i)
    expect(await refusal(app.db.execute(sql`update audit_log set at = now() - interval '400 days'`))).toMatch(/audit_log/)
    expect(await refusal(app.db.execute(sql`delete from audit_log where action = 'test.recent'`))).toMatch(/180 days/)
    expect(await refusal(app.db.execute(sql`truncate audit_log`))).toMatch(/append-only/)
    const rows = await app.db.select().from(auditLog).where(eq(auditLog.action, 'test.recent'))
    expect(rows).toHaveLength(1)
    expect(await app.db.select().from(auditLog).where(eq(auditLog.action, 'forged'))).toHaveLength(0)
  })

  it('lets maintenance delete rows past the retention (365 days unless set, never under 180)', async () => {
    const now = new Date()
    await app.db.insert(auditLog).values([
      { action: 'test.age-200', target: 'x', at: new Date(now.getTime() - 200 * DAY) },
      { action: 'test.age-400', target: 'x', at: new Date(now.getTime() - 400 * DAY) },
    ])
    const left = async () => (await app.db.select().from(auditLog)).map(r => r.action).filter(a => a.startsWith('test.age'))

    expect(await purgeAuditLog(app.db, now, 365)).toBe(1)
    expect(await left()).toEqual(['test.age-200'])
    // asked for less than 180 days, it keeps 180
    expect(await purgeAuditLog(app.db, now, 30)).toBe(1)
    expect(await left()).toEqual([])
    expect((await app.db.select().from(auditLog).where(eq(auditLog.action, 'bundle.save'))).length).toBe(1)

    // an app clock far ahead deletes nothing the database holds younger than 180 days
    await app.db.insert(auditLog).values({ action: 'test.age-100', target: 'x', at: new Date(now.getTime() - 100 * DAY) })
    expect(await purgeAuditLog(app.db, new Date(now.getTime() + 1000 * DAY), 180)).toBe(0)
  })

  it('takes the retention from GONGKAI_AUDIT_RETENTION_DAYS, and refuses less than 180', () => {
    expect(configFromEnv(loadEnv({})).auditRetentionDays).toBe(365)
    expect(configFromEnv(loadEnv({ GONGKAI_AUDIT_RETENTION_DAYS: '200' })).auditRetentionDays).toBe(200)
    expect(() => loadEnv({ GONGKAI_AUDIT_RETENTION_DAYS: '90' })).toThrow(ConfigError)
  })

  it('is written only by inserts: no code in the server updates or deletes it except the retention purge', () => {
    const files: string[] = []
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name)
        if (statSync(path).isDirectory())
          walk(path)
        else if (path.endsWith('.ts'))
          files.push(path)
      }
    }
    walk('src/server')
    const writers = files.filter((f) => {
      const text = readFileSync(f, 'utf8')
      return /(?:update|delete)\(auditLog\)|(?:update|delete\s+from)\s+"?audit_log/i.test(text)
    })
    expect(writers).toEqual([join('src/server/repositories/maintenance.ts')])
  })

  it('has no API route at all, so nothing from the console can change it', async () => {
    const dashboard = await app.inject({ url: '/api/docs/json' })
    const paths = Object.keys(dashboard.json().paths)
    expect(paths.filter(p => /audit/i.test(p))).toEqual([])
  })
})
