import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { auditLog } from '../db/schema'
import { HttpProblem } from '../problems'
import { normaliseText } from './text'

const REASON_MISSING = { zh: '请写明查看原因，至少 2 个字。', en: 'Please give a reason for seeing it, at least 2 characters.' }

/** Audit rows are kept at least this long (等保 2.0 level 3: six months); a database trigger enforces it. */
export const AUDIT_MIN_RETENTION_DAYS = 180

/**
 * Records a staff action: who (the signed-in staff member, or `actor` when there is none yet, as in a
 * sign-in), what (`action` on `target`), when, and from where (the client address and the request id).
 * No API route reads, updates or deletes the log (a district reads it in the database, as its auditors
 * do), and the database refuses updates and early deletes (migration 0010's triggers).
 * Never put personal data in `detail`.
 */
export async function audit(db: Db, request: FastifyRequest, action: string, target: string, detail?: Record<string, unknown>, actor?: number | null): Promise<void> {
  await db.insert(auditLog).values({
    staffId: actor !== undefined ? actor : request.staff?.id ?? null,
    action,
    target,
    detail: detail ?? null,
    requestId: request.id,
    sourceIp: request.ip,
  })
}

/** Records what the server itself did at start, with no request and no one signed in (a renewed password). */
export async function auditAtStart(db: Db, action: string, target: string, detail?: Record<string, unknown>): Promise<void> {
  await db.insert(auditLog).values({ staffId: null, action, target, detail: detail ?? null })
}

/** One audit row: `action` on `target`, with `detail` (never personal data). */
export interface AuditRecord { action: string, target: string, detail?: Record<string, unknown> }

/**
 * A staff action and its audit row in one transaction: both are kept or neither is, so an action whose row
 * cannot be written does not happen (a 500), and one that `change` refuses by throwing (a 404, a 409) leaves no
 * row. A record known beforehand is written first, so that a lock the change takes (an event's row, which
 * residents' sign-ups wait for) is held only until the commit that follows; one that names what the change made
 * (a new id) is made from its result, after it. Slow work that needs no lock (parsing, hashing) belongs before.
 */
export async function audited<T>(db: Db, request: FastifyRequest, record: AuditRecord | ((result: T) => AuditRecord), change: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    if (typeof record !== 'function') {
      await audit(tx, request, record.action, record.target, record.detail)
      return change(tx)
    }
    const result = await change(tx)
    const made = record(result)
    await audit(tx, request, made.action, made.target, made.detail)
    return result
  })
}

/**
 * Personal data shown to staff in full only for the reason they give (`RevealBodySchema`), and only with its audit
 * row (`action` on `target`, the reason in its detail): `read` finds it and the row is written in the same
 * transaction (`audited`), so there is never a value shown without its record, nor a record of a value that was
 * not there. Nothing to show (`read` answers null or undefined) is a 404, with nothing written.
 */
export async function auditedReveal(db: Db, request: FastifyRequest<{ Body: { reason: string } }>, record: AuditRecord, read: (tx: Db) => Promise<string | null | undefined>): Promise<string> {
  const reason = normaliseText(request.body.reason)
  // the schema counts characters as sent: spaces or invisible characters alone are no reason
  if (reason.length < 2)
    throw new HttpProblem('validation', { field: 'reason', detail: REASON_MISSING })
  return audited(db, request, { ...record, detail: { ...record.detail, reason } }, async (tx) => {
    const value = await read(tx)
    if (value === null || value === undefined)
      throw new HttpProblem('not-found')
    return value
  })
}
