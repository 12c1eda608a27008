import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppConfig } from './config'
import { LogController } from 'fastify'
import fp from 'fastify-plugin'
import auth from './plugins/auth'
import compress from './plugins/compress'
import config from './plugins/config'
import db from './plugins/db'
import maintenance from './plugins/maintenance'
import openapi from './plugins/openapi'
import problems, { sendProblem } from './plugins/problems'
import rateLimit from './plugins/rate-limit'
import readCache from './plugins/read-cache'
import security from './plugins/security'
import staticFiles from './plugins/static'
import adminBundleRoutes from './routes/api/admin/bundles'
import adminConsultationsRoutes from './routes/api/admin/consultations'
import adminDashboardRoutes from './routes/api/admin/dashboard'
import adminDocumentRoutes, { adminInterpretationRoutes } from './routes/api/admin/documents'
import adminEventsRoutes from './routes/api/admin/events'
import adminQuestionRoutes from './routes/api/admin/questions'
import adminStaffRoutes from './routes/api/admin/staff'
import authRoutes from './routes/api/auth'
import bundleRoutes from './routes/api/bundles'
import consultationsRoutes from './routes/api/consultations'
import receiptsRoutes from './routes/api/consultations/receipts'
import decisionsRoutes from './routes/api/decisions'
import adminDecisionsRoutes from './routes/api/decisions/admin'
import documentsRoutes from './routes/api/documents'
import eventsRoutes from './routes/api/events'
import faqRoutes from './routes/api/faq'
import healthRoutes from './routes/api/health'
import interpretationRoutes from './routes/api/interpretations'
import questionRoutes from './routes/api/questions'
import registrationsRoutes from './routes/api/registrations'

export interface AppOptions { config: AppConfig }

/**
 * The whole application as a Fastify plugin: external concerns first, then app plugins, then routes.
 * server.ts listens; tests register the same plugin and call `inject`.
 */
export default fp<AppOptions>(async (root, opts) => {
  const app = root.withTypeProvider<TypeBoxTypeProvider>() as unknown as FastifyInstance

  await app.register(config, { config: opts.config })
  await app.register(problems)
  await app.register(security)
  await app.register(compress)
  await app.register(readCache)
  await app.register(rateLimit)
  await app.register(db)
  await app.register(auth)
  await app.register(maintenance)
  await app.register(openapi)
  await app.register(staticFiles)

  await app.register(healthRoutes, { prefix: '/api/health' })
  await app.register(authRoutes, { prefix: '/api/auth' })
  await app.register(documentsRoutes, { prefix: '/api/documents' })
  await app.register(interpretationRoutes, { prefix: '/api/interpretations' })
  await app.register(questionRoutes, { prefix: '/api/questions' })
  await app.register(faqRoutes, { prefix: '/api/faq' })
  await app.register(bundleRoutes, { prefix: '/api/bundles' })
  await app.register(adminQuestionRoutes, { prefix: '/api/admin/questions' })
  await app.register(adminDashboardRoutes, { prefix: '/api/admin/dashboard' })
  await app.register(adminDocumentRoutes, { prefix: '/api/admin/documents' })
  await app.register(adminInterpretationRoutes, { prefix: '/api/admin/interpretations' })
  await app.register(adminBundleRoutes, { prefix: '/api/admin/bundles' })
  await app.register(consultationsRoutes, { prefix: '/api/consultations' })
  await app.register(receiptsRoutes, { prefix: '/api/receipts' })
  await app.register(adminConsultationsRoutes, { prefix: '/api/admin/consultations' })
  await app.register(decisionsRoutes, { prefix: '/api/decisions' })
  await app.register(adminDecisionsRoutes, { prefix: '/api/admin/decisions' })
  await app.register(eventsRoutes, { prefix: '/api/events' })
  await app.register(registrationsRoutes, { prefix: '/api/registrations' })
  await app.register(adminEventsRoutes, { prefix: '/api/admin/events' })
  await app.register(adminStaffRoutes, { prefix: '/api/admin/staff' })

  // Unknown API routes are JSON problems; any other GET that wants HTML gets the app, which routes itself.
  app.setNotFoundHandler((request, reply) => {
    const wantsHtml = request.method === 'GET' && (request.headers.accept ?? '').includes('text/html')
    if (!request.url.startsWith('/api/') && wantsHtml && app.hasClient)
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html')
    return sendProblem(request, reply, request.url.startsWith('/api/') ? 'route-not-found' : 'not-found')
  })
}, { name: 'gongkai' })

/** A request slower than this is logged at info even when it succeeded. */
const SLOW_REQUEST_MS = 1000

/**
 * Fastify's per-request lines at `debug`, so a busy server at `info` does not spend its time logging every
 * request (bench/run.ts part 3: about a tenth of the throughput of a cheap route). Failed requests stay at
 * `error`, answers of 500 and above and requests slower than SLOW_REQUEST_MS at `info`; every line carries
 * the request id. `LOG_LEVEL=debug` brings back a line for each request.
 */
class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest) {
    request.log.debug({ req: request }, 'incoming request')
  }

  override requestCompleted(error: Error | null | undefined, _request: FastifyRequest, reply: FastifyReply) {
    if (error)
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored')
    else if (reply.statusCode >= 500 || reply.elapsedTime >= SLOW_REQUEST_MS)
      reply.log.info({ res: reply, responseTime: reply.elapsedTime }, reply.statusCode >= 500 ? 'request failed' : 'slow request')
    else
      reply.log.debug({ res: reply, responseTime: reply.elapsedTime }, 'request completed')
  }
}

/** Fastify's own options, shared by server.ts and the tests so both build the same server. */
export function fastifyOptions(config: AppConfig, logLevel = 'info') {
  return {
    bodyLimit: config.bodyLimit,
    // a first start creates and migrates the PGlite data directory: allow a slow disk its time
    pluginTimeout: 120_000,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array' as const, useDefaults: true, allErrors: false } },
    logController: new RequestLog(),
    logger: {
      level: logLevel,
      // UTC ISO times; requests logged by method, route and status only: no IPs, no query strings, no bodies
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      serializers: {
        req: (req: { method: string, url: string, id: string }) => ({ method: req.method, path: req.url.split('?')[0], id: req.id }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: ['req.headers.cookie', 'req.headers.authorization', '*.password', '*.phone', '*.contact'], censor: '[redacted]' },
    },
  }
}
