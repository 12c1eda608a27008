import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { HttpProblem } from '../problems'

/**
 * A per-IP ceiling on the whole API; routes that write tighten it in their own `config.rateLimit`.
 * `GONGKAI_RATE_LIMIT=off` registers nothing (load tests). Refusals are logged without personal data.
 */
export default fp(async (app) => {
  if (!app.config.rateLimit.enabled)
    return
  await app.register(rateLimit, {
    global: true,
    max: app.config.rateLimit.max,
    timeWindow: '1 minute',
    allowList: request => !request.url.startsWith('/api/'),
    onExceeded: (request) => {
      request.log.warn({ route: request.routeOptions.url, method: request.method }, 'rate limit exceeded')
    },
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000))
      return Object.assign(new HttpProblem('rate-limited', { params: { seconds } }), { statusCode: 429 })
    },
  })
}, { name: 'rate-limit', dependencies: ['config'] })
