import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { Db } from '../db/client'
import { createHmac } from 'node:crypto'
import { eq, lt, sql } from 'drizzle-orm'
import { idempotencyKeys, publicWriteCounters } from '../db/schema'
import { HttpProblem } from '../problems'
import { eventSecrets } from './event-secrets'

/** The public writes, each with its own limits. */
export const PUBLIC_WRITES = ['comment', 'question', 'signup', 'proposal', 'report', 'support', 'helpful', 'registration', 'receipt'] as const
export type PublicWrite = typeof PUBLIC_WRITES[number]

export interface WriteLimit { max: number, minutes: number }
export type LimitKind = 'ip' | 'device' | 'phone'

interface Rule {
  /** a form a person fills in: honeypot and minimum fill time apply */
  form: boolean
  limits: Partial<Record<LimitKind, WriteLimit>>
}

/**
 * Limits per route, per IP address, per device and (sign-ups) per phone number. IP limits are generous
 * because many residents share a carrier NAT address, most of all during a sign-up rush; the device and
 * phone limits are the tight ones. A refusal is 429 with Retry-After.
 */
export const RULES: Record<PublicWrite, Rule> = {
  comment: { form: true, limits: { ip: { max: 10, minutes: 10 }, device: { max: 10, minutes: 10 } } },
  question: { form: true, limits: { ip: { max: 20, minutes: 10 }, device: { max: 5, minutes: 10 } } },
  signup: { form: true, limits: { ip: { max: 60, minutes: 10 }, device: { max: 10, minutes: 10 }, phone: { max: 6, minutes: 60 } } },
  proposal: { form: true, limits: { ip: { max: 10, minutes: 10 }, device: { max: 5, minutes: 10 } } },
  report: { form: false, limits: { ip: { max: 30, minutes: 60 }, device: { max: 10, minutes: 60 } } },
  support: { form: false, limits: { ip: { max: 60, minutes: 10 }, device: { max: 30, minutes: 10 } } },
  helpful: { form: false, limits: { ip: { max: 60, minutes: 10 }, device: { max: 30, minutes: 10 } } },
  registration: { form: false, limits: { ip: { max: 30, minutes: 10 } } },
  receipt: { form: false, limits: { ip: { max: 30, minutes: 10 } } },
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** marks a public write: `plugins/rate-limit.ts` guards it with `guardPublicWrite` */
    publicWrite?: PublicWrite
  }
}

const HONEYPOT = { zh: '这次提交未被接受。请刷新页面后再提交；您填写的内容已保留。', en: 'This submission was not accepted. Please reload the page and submit again; what you wrote has been kept.' }
const TOO_FAST = { zh: '提交得太快了。请检查一下内容，几秒后再提交；您填写的内容已保留。', en: 'That was sent very quickly. Please check what you wrote and submit again in a few seconds; it has been kept.' }

function tooMany(seconds: number) {
  const minutes = Math.ceil(seconds / 60)
  const zh = seconds < 120 ? `${seconds} 秒` : `${minutes} 分钟`
  const en = seconds < 120 ? `${seconds} seconds` : `${minutes} minutes`
  return { zh: `提交太频繁，请 ${zh}后再试。您填写的内容已保留。`, en: `Too many submissions. Please try again in ${en}; what you wrote has been kept.` }
}

type Reason = 'honeypot' | 'too-fast' | 'no-fill-time' | `${LimitKind}-limit`

/** Logged for every refusal: the route and why, never an address, a device id, a phone number or a body. */
function logRefusal(request: FastifyRequest, write: PublicWrite, reason: Reason) {
  request.log.warn({ event: 'public-write-refused', write, reason }, 'public write refused')
}

/** Has this Idempotency-Key already been answered? Then the request is a retry and the handler replays it. */
async function isAnsweredRetry(db: Db, key: unknown): Promise<boolean> {
  if (typeof key !== 'string')
    return false
  const [row] = await db.select({ status: idempotencyKeys.status }).from(idempotencyKeys).where(eq(idempotencyKeys.key, key)).limit(1)
  return row?.status != null
}

/**
 * Counts one hit in each bucket's current fixed window, in one statement (buckets in a fixed order, so
 * concurrent writers never deadlock), and answers the hits now in each.
 */
export async function countHits(db: Db, buckets: Array<{ bucket: string, windowStart: Date }>): Promise<Map<string, number>> {
  const rows = await db.insert(publicWriteCounters)
    .values([...buckets].sort((a, b) => a.bucket.localeCompare(b.bucket)).map(b => ({ ...b, hits: 1 })))
    .onConflictDoUpdate({ target: [publicWriteCounters.bucket, publicWriteCounters.windowStart], set: { hits: sql`${publicWriteCounters.hits} + 1` } })
    .returning({ bucket: publicWriteCounters.bucket, hits: publicWriteCounters.hits })
  return new Map(rows.map(r => [r.bucket, r.hits]))
}

/** Forgets counter windows that ended before `before` (hourly maintenance). */
export async function purgeWriteCounters(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(publicWriteCounters).where(lt(publicWriteCounters.windowStart, before)).returning({ bucket: publicWriteCounters.bucket })
  return rows.length
}

function identities(request: FastifyRequest): Partial<Record<LimitKind, string>> {
  const body = (request.body ?? {}) as Record<string, unknown>
  const header = request.headers['x-device-id']
  const device = typeof body.deviceId === 'string' ? body.deviceId : typeof header === 'string' ? header : undefined
  const phone = typeof body.phone === 'string' ? body.phone.replace(/\s/g, '') : undefined
  return { ip: request.ip, device, phone }
}

/**
 * The anti-automation check of a public write, run after schema validation and before the handler:
 * a filled honeypot or a form sent faster than a person can (400), then the per-IP, per-device and
 * per-phone limits kept in the database, so every server process on it shares them (429 with
 * Retry-After). A retry of a write already answered is let through to be replayed. The honeypot and
 * fill time are removed from the body, so they play no part in the idempotency check.
 */
export async function guardPublicWrite(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, write: PublicWrite): Promise<void> {
  const rule = RULES[write]
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
  let refusal: { reason: Reason, problem: HttpProblem, retryAfter?: number } | undefined

  if (rule.form) {
    const minFillMs = app.config.antiAutomation?.minFillMs ?? 0
    if (typeof body.website === 'string' && body.website !== '')
      refusal = { reason: 'honeypot', problem: new HttpProblem('validation', { field: 'website', detail: HONEYPOT }) }
    else if (minFillMs > 0 && typeof body.fillMs !== 'number')
      refusal = { reason: 'no-fill-time', problem: new HttpProblem('validation', { field: 'fillMs', detail: TOO_FAST }) }
    else if (minFillMs > 0 && (body.fillMs as number) < minFillMs)
      refusal = { reason: 'too-fast', problem: new HttpProblem('validation', { field: 'fillMs', detail: TOO_FAST }) }
    delete body.website
    delete body.fillMs
  }

  if (!refusal && app.config.rateLimit.enabled) {
    const now = app.now().getTime()
    const { hmacKey } = await eventSecrets(app.db)
    const ids = identities(request)
    const limits = { ...rule.limits, ...app.config.antiAutomation?.limits?.[write] }
    const checks = (Object.entries(limits) as Array<[LimitKind, WriteLimit]>)
      .filter(([kind]) => ids[kind])
      .map(([kind, limit]) => {
        const windowMs = limit.minutes * 60_000
        const windowStart = Math.floor(now / windowMs) * windowMs
        const bucket = `${write}:${kind}:${createHmac('sha256', hmacKey).update(`${kind}:${ids[kind]}`).digest('base64url')}`
        return { kind, limit, bucket, windowStart: new Date(windowStart), retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) }
      })
    const hits = checks.length ? await countHits(app.db, checks) : new Map<string, number>()
    const over = checks.filter(c => (hits.get(c.bucket) ?? 0) > c.limit.max)
    if (over.length) {
      const retryAfter = Math.max(...over.map(c => c.retryAfter))
      refusal = { reason: `${over[0]!.kind}-limit`, problem: new HttpProblem('rate-limited', { detail: tooMany(retryAfter), params: { seconds: retryAfter } }), retryAfter }
    }
  }

  if (!refusal || await isAnsweredRetry(app.db, request.headers['idempotency-key']))
    return
  logRefusal(request, write, refusal.reason)
  if (refusal.retryAfter)
    reply.header('retry-after', String(refusal.retryAfter))
  throw refusal.problem
}
