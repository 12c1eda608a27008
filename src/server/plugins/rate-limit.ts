import rateLimit from '@fastify/rate-limit'
import fp from 'fastify-plugin'
import { HttpProblem } from '../problems'
import { guardPublicWrite } from '../services/anti-automation'

/**
 * Two layers. A per-IP ceiling on the whole API, per server process (@fastify/rate-limit, in memory): a
 * safety net against floods, where N processes allowing N times the ceiling does no harm. And the
 * anti-automation of public writes (routes with `config.publicWrite`): honeypot, minimum fill time and
 * per-route limits per IP, device and phone number, counted in the database so that every process on it
 * shares them (services/anti-automation.ts). `GONGKAI_RATE_LIMIT=off` turns off the limits and the fill
 * time (load tests); the honeypot stays. Refusals are logged without personal data.
 */
export default fp(async (app) => {
  app.addHook('preHandler', async (request) => {
    const write = request.routeOptions.config.publicWrite
    if (write)
      await guardPublicWrite(app, request, write)
  })

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
