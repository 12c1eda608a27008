import type { FastifyInstance, FastifyRequest } from 'fastify'
import { HttpProblem } from '../problems'
import { countHits } from '../repositories/public-write-counters'
import { eventSecrets, keyedHash } from './event-secrets'
import { isAnswered } from './idempotency'

interface WriteLimit { max: number, minutes: number }
type LimitKind = 'ip' | 'device' | 'phone'

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
const RULES = {
  comment: { form: true, limits: { ip: { max: 10, minutes: 10 }, device: { max: 10, minutes: 10 } } },
  question: { form: true, limits: { ip: { max: 20, minutes: 10 }, device: { max: 5, minutes: 10 } } },
  signup: { form: true, limits: { ip: { max: 60, minutes: 10 }, device: { max: 10, minutes: 10 }, phone: { max: 6, minutes: 60 } } },
  proposal: { form: true, limits: { ip: { max: 10, minutes: 10 }, device: { max: 5, minutes: 10 } } },
  report: { form: false, limits: { ip: { max: 30, minutes: 60 }, device: { max: 10, minutes: 60 } } },
  support: { form: false, limits: { ip: { max: 60, minutes: 10 }, device: { max: 30, minutes: 10 } } },
  helpful: { form: false, limits: { ip: { max: 60, minutes: 10 }, device: { max: 30, minutes: 10 } } },
  registration: { form: false, limits: { ip: { max: 30, minutes: 10 } } },
  receipt: { form: false, limits: { ip: { max: 30, minutes: 10 } } },
} satisfies Record<string, Rule>

/** The public writes, each with its own limits. */
export type PublicWrite = keyof typeof RULES

/**
 * A public write that claims its Idempotency-Key with `once()`: `scope` answers the scope it claims it in,
 * from the route's validated params (the handler calls the same function), so that only a retry of this very
 * write is let past the checks to be replayed. A key answered in another scope opens nothing.
 */
export interface IdempotentWrite {
  kind: PublicWrite
  // the params as the route's schema validated them; the function's own type is checked where the handler calls it
  scope: (params: any) => string
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** marks a public write: `plugins/rate-limit.ts` guards it with `guardPublicWrite` */
    publicWrite?: PublicWrite | IdempotentWrite
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

/** Who is writing, for the limits: the address, the device's random id (body or header) and a sign-up's phone number. */
function identities(request: FastifyRequest): Partial<Record<LimitKind, string>> {
  const body = (request.body ?? {}) as Record<string, unknown>
  const header = request.headers['x-device-id']
  const device = typeof body.deviceId === 'string' ? body.deviceId : typeof header === 'string' ? header : undefined
  // the schema has checked it: CN_MOBILE_PATTERN, eleven digits and nothing else
  const phone = typeof body.phone === 'string' ? body.phone : undefined
  return { ip: request.ip, device, phone }
}

/** A retry of a write `once()` has answered in the route's own scope: let through, to be replayed. */
async function isAnsweredRetry(app: FastifyInstance, request: FastifyRequest, write: IdempotentWrite): Promise<boolean> {
  const key = request.headers['idempotency-key']
  return typeof key === 'string' && isAnswered(app.db, write.scope(request.params), key)
}

/**
 * The anti-automation check of a public write, run after schema validation and before the handler:
 * a filled honeypot or a form sent faster than a person can (400), then the per-IP, per-device and
 * per-phone limits kept in the database, so every server process on it shares them (429; the error
 * handler adds Retry-After). A retry of a write already answered in the route's idempotency scope is let
 * through to be replayed. The honeypot and fill time are removed from the body, so they play no part in
 * the idempotency check.
 */
export async function guardPublicWrite(app: FastifyInstance, request: FastifyRequest, route: PublicWrite | IdempotentWrite): Promise<void> {
  const write = typeof route === 'string' ? route : route.kind
  const rule: Rule = RULES[write]
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<string, unknown>
  let refusal: { reason: Reason, problem: HttpProblem } | undefined

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
    const secrets = await eventSecrets(app.db)
    const ids = identities(request)
    const limits = { ...rule.limits, ...app.config.antiAutomation?.limits?.[write] }
    const checks = (Object.entries(limits) as Array<[LimitKind, WriteLimit]>)
      .filter(([kind]) => ids[kind])
      .map(([kind, limit]) => {
        const windowMs = limit.minutes * 60_000
        const windowStart = Math.floor(now / windowMs) * windowMs
        const bucket = `${write}:${kind}:${keyedHash(secrets, kind, ids[kind]!, 'base64url')}`
        return { kind, limit, bucket, windowStart: new Date(windowStart), retryAfter: Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000)) }
      })
    const hits = checks.length ? await countHits(app.db, checks) : new Map<string, number>()
    const over = checks.filter(c => (hits.get(c.bucket) ?? 0) > c.limit.max)
    if (over.length) {
      const seconds = Math.max(...over.map(c => c.retryAfter))
      refusal = { reason: `${over[0]!.kind}-limit`, problem: new HttpProblem('rate-limited', { detail: tooMany(seconds), params: { seconds } }) }
    }
  }

  if (!refusal || (typeof route !== 'string' && await isAnsweredRetry(app, request, route)))
    return
  logRefusal(request, write, refusal.reason)
  throw refusal.problem
}
