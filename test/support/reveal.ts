import type { FastifyInstance } from 'fastify'
import { expect } from 'vitest'
import { auditLog } from '../../src/server/db/schema'
import { jsonWrite } from './app'

type AuditRow = typeof auditLog.$inferSelect

/** What one staff "reveal" route shows, to whom, and the audit row it must write. */
export interface AuditedReveal {
  /** the reveal route (POST) */
  url: string
  /** a signed-in staff session allowed to reveal */
  cookie: string
  /** the audit row's action and target */
  action: string
  target: string
  /** what the row's detail holds besides the reason */
  detail?: Record<string, unknown>
  /** the reason given (kept as given in the row: pass one that normalisation leaves alone) */
  reason: string
  /** the answer's one field and the value in full */
  field: string
  value: string
}

/**
 * The sequence every reveal route (`auditedReveal` on the server) must follow: without a reason, 400 and
 * nothing logged; with one, 200, the value in full, `no-store`, and exactly one new audit row (this action
 * on this target, by the signed-in staff member, the reason in its detail); signed out, 401 and nothing
 * more logged. The value is never in an error nor in the log. Returns the new row.
 */
export async function expectAuditedReveal(app: FastifyInstance, reveal: AuditedReveal): Promise<AuditRow> {
  const { url, cookie, action, target, detail = {}, reason, field, value } = reveal
  const post = (payload: object, headers: Record<string, string> = { ...jsonWrite, cookie }) => app.inject({ method: 'POST', url, headers, payload })
  // the whole log, not just this action: a refused reveal writes nothing at all
  const log = () => app.db.select().from(auditLog).orderBy(auditLog.id)
  const before = await log()
  const me = await app.inject({ url: '/api/auth/me', headers: { cookie } })
  expect(me.statusCode, 'the cookie is a signed-in staff session').toBe(200)

  for (const payload of [{}, { reason: '' }, { reason: '查' }, { reason: '  ' }, { reason: ' \u200B查 ' }]) {
    const refused = await post(payload)
    expect(refused.statusCode, `no reason: ${JSON.stringify(payload)}`).toBe(400)
    expect(refused.body).not.toContain(value)
  }
  expect(await log(), 'nothing logged without a reason').toEqual(before)

  const shown = await post({ reason })
  expect(shown.statusCode, shown.body).toBe(200)
  expect(shown.json()).toEqual({ [field]: value })
  expect(shown.headers['cache-control']).toBe('no-store')
  const after = await log()
  expect(after, 'exactly one new audit row').toHaveLength(before.length + 1)
  const row = after.at(-1)!
  expect(before.map(r => r.id)).not.toContain(row.id)
  expect(row).toMatchObject({ action, target, staffId: me.json().id })
  expect(row.detail).toEqual({ ...detail, reason })

  const signedOut = await post({ reason }, jsonWrite)
  expect(signedOut.statusCode).toBe(401)
  expect(signedOut.body).not.toContain(value)
  const end = await log()
  expect(end, 'nothing more logged when signed out').toEqual(after)
  expect(JSON.stringify(end), 'the value is never in the audit log').not.toContain(value)
  return row
}
