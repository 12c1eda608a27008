import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { Problem, ProblemCode } from '../../shared/schemas/problem'
import fp from 'fastify-plugin'
import { describeValidation, HttpProblem, langOf, problemStatus, problemText } from '../problems'

/** Sends an RFC 9457 problem in the request's language. */
export function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ProblemCode, extra: { detail?: string, field?: string, status?: number } = {}) {
  const lang = langOf(request.headers['accept-language'])
  const status = extra.status ?? problemStatus(code)
  const body: Problem = {
    type: `https://gongkai.invalid/problems/${code}`,
    title: problemText(code, 'en').replace(/\{.*?\}/g, '').trim(),
    status,
    code,
    detail: extra.detail ?? problemText(code, lang),
    ...(extra.field ? { field: extra.field } : {}),
    instance: request.url.split('?')[0],
    requestId: request.id,
  }
  return reply.code(status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body))
}

const FASTIFY_CODES: Record<string, ProblemCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload-too-large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported-media-type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation',
}

// A union (`T | null`) fails in every branch; the branch that says "must be null" helps nobody.
// The error that names the deepest field, and is not about the union itself, is the one to show.
const VAGUE = new Set(['anyOf', 'oneOf', 'type', 'const', 'enum', 'if'])
function mostSpecific<E extends { keyword: string, instancePath: string, params: Record<string, unknown> }>(errors: E[]): E {
  const depth = (e: E) => e.instancePath.split('/').length + (typeof e.params.missingProperty === 'string' ? 1 : 0)
  return [...errors].sort((a, b) => Number(VAGUE.has(a.keyword)) - Number(VAGUE.has(b.keyword)) || depth(b) - depth(a))[0]!
}

const BY_STATUS: Record<number, ProblemCode> = { 401: 'unauthenticated', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'payload-too-large', 415: 'unsupported-media-type', 429: 'rate-limited' }

/**
 * The path of the first value no column can hold, or undefined: a number that is not finite, or text with a
 * NUL character. Ajv's coercion turns `?year=1e309` into Infinity and JSON.parse reads `1e309` as Infinity;
 * both pass `type: integer` and `maximum`. PostgreSQL refuses U+0000 in text with an error, not a 400: in the
 * path and query it is refused (`text`); in a body it is removed (`dropNul`), as services/text.ts removes the
 * other control characters from what a resident typed, in every field (a contact, a name) alike.
 */
function unstorable(value: unknown, text: boolean, path = '', depth = 0): string | undefined {
  if (typeof value === 'number')
    return Number.isFinite(value) ? undefined : path
  if (typeof value === 'string')
    return text && value.includes('\u0000') ? path : undefined
  if (depth > 8 || value === null || typeof value !== 'object')
    return undefined
  for (const [key, item] of Object.entries(value)) {
    const found = unstorable(item, text, path ? `${path}.${key}` : key, depth + 1)
    if (found !== undefined)
      return found
  }
  return undefined
}

/** Removes U+0000 from every string in a parsed JSON body, in place (no column can hold it). */
function dropNul(value: unknown, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object')
    return
  const record = value as Record<string, unknown>
  for (const [key, item] of Object.entries(record)) {
    if (typeof item === 'string') {
      if (item.includes('\u0000'))
        record[key] = item.replaceAll('\u0000', '')
    }
    else {
      dropNul(item, depth + 1)
    }
  }
}

/** Every error leaves as a problem document: thrown HttpProblems, schema failures, and the unexpected. */
export default fp(async (app) => {
  // after validation (and coercion), before any handler: no Infinity, NaN or NUL reaches a handler or the database
  app.addHook('preHandler', async (request) => {
    dropNul(request.body)
    for (const [part, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      const field = unstorable(value, part !== 'body')
      if (field !== undefined)
        throw new HttpProblem('validation', { field: part === 'body' ? field : `${part}.${field}` })
    }
  })
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    const lang = langOf(request.headers['accept-language'])
    if (error instanceof HttpProblem) {
      // a refused staff request is a security event: logged at warn with the route, never the query or body
      if ((error.status === 401 || error.status === 403) && request.url.startsWith('/api/admin/'))
        request.log.warn({ event: 'access-refused', status: error.status, route: request.routeOptions.url, staffId: request.staff?.id }, 'staff request refused')
      // every 429 says when to come back, in the header as in the text: the per-address ceiling
      // (plugins/rate-limit.ts), the limits of public writes and the sign-in locks all pass `seconds`
      const seconds = error.options.params?.seconds
      if (error.code === 'rate-limited' && seconds !== undefined)
        reply.header('retry-after', String(seconds))
      const detail = error.options.detail?.[lang] ?? problemText(error.code, lang, error.options.params)
      return sendProblem(request, reply, error.code, { detail, field: error.options.field, status: error.status })
    }
    if (error.validation?.length) {
      const first = mostSpecific(error.validation as Array<Parameters<typeof describeValidation>[0]>)
      const { field, detail } = describeValidation(first, lang)
      const prefix = error.validationContext && error.validationContext !== 'body' ? `${error.validationContext}.` : ''
      return sendProblem(request, reply, 'validation', { detail, field: field ? prefix + field : undefined })
    }
    const mapped = (error.code && FASTIFY_CODES[error.code]) || (error.statusCode && BY_STATUS[error.statusCode])
    if (mapped && error.statusCode && error.statusCode < 500)
      return sendProblem(request, reply, mapped, { status: error.statusCode })
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500)
      return sendProblem(request, reply, 'validation', { status: error.statusCode })
    request.log.error({ err: error }, 'unhandled error')
    return sendProblem(request, reply, 'internal')
  })
}, { name: 'problems' })
