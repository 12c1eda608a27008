import type { FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { auditLog } from '../db/schema'

/**
 * Records a staff action (who, what, on what, when, which request). The console can read the log but
 * nothing in the app updates or deletes it. Never put personal data in `detail`.
 */
export async function audit(db: Db, request: FastifyRequest, action: string, target: string, detail?: Record<string, unknown>): Promise<void> {
  await db.insert(auditLog).values({ staffId: request.staff?.id ?? null, action, target, detail: detail ?? null, requestId: request.id })
}
