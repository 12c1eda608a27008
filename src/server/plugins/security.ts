import type { HelmetOptions } from 'helmet'
import type { IncomingMessage, ServerResponse } from 'node:http'
import fp from 'fastify-plugin'
import helmet from 'helmet'
import { HttpProblem } from '../problems'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * The headers helmet sets with these options, asked once: with no directive that is a function (a nonce),
 * they are the same for every answer. @fastify/helmet built helmet's middleware again on every request,
 * parsing the whole policy each time: 5 % of the server's time in a sign-up rush (docs/decisions.md).
 */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const csp = options.contentSecurityPolicy
  const directives = typeof csp === 'object' ? Object.values(csp.directives ?? {}) : []
  // a function (a nonce) is asked per answer: computed once here it would be the same for every answer
  if (directives.some(values => typeof values === 'function' || (values && typeof values === 'object' && [...values as Iterable<unknown>].some(v => typeof v === 'function'))))
    throw new Error('helmetHeaders: a directive that is a function (a nonce) must be asked on every answer')
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value
    },
    removeHeader() {},
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error)
      throw error
  })
  return headers
}

/** helmet's options for this app: a strict policy with no inline script or style, HSTS in production. */
export function securityHeaderOptions(production: boolean): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ['\'self\''],
        'script-src': ['\'self\''],
        'style-src': ['\'self\''],
        'img-src': ['\'self\'', 'data:', 'blob:'],
        'font-src': ['\'self\''],
        'connect-src': ['\'self\''],
        'media-src': ['\'self\''],
        'manifest-src': ['\'self\''],
        'worker-src': ['\'self\''],
        'object-src': ['\'none\''],
        'base-uri': ['\'none\''],
        'frame-ancestors': ['\'none\''],
        'form-action': ['\'self\''],
        ...(production ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    strictTransportSecurity: production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    crossOriginEmbedderPolicy: false,
  }
}

/**
 * Security headers on every response, and the CSRF rule for the API: a state change must come with a
 * JSON body (no form or text parser is registered) from this site's own origin.
 */
export default fp(async (app) => {
  const { production, publicOrigin } = app.config
  const headers = helmetHeaders(securityHeaderOptions(production))
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers)
    done()
  })

  // Only JSON bodies: without a text/plain parser a cross-site form post is refused with 415.
  app.removeContentTypeParser('text/plain')

  app.addHook('onRequest', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/'))
      return
    const expected = publicOrigin ?? `${request.protocol}://${request.host}`
    if (request.headers.origin !== expected)
      throw new HttpProblem('bad-origin')
  })

  // Nothing a staff member or a sign-in sees, and no answer to a write (receipts, tickets, manage tokens),
  // is kept by the browser, a proxy or the service worker; public reads set their own caching.
  app.addHook('onSend', async (request, reply) => {
    if (reply.hasHeader('cache-control'))
      return
    const url = request.url
    if (!SAFE_METHODS.has(request.method) || url.startsWith('/api/admin') || url.startsWith('/api/auth'))
      reply.header('cache-control', 'no-store')
  })
}, { name: 'security', dependencies: ['config'] })
