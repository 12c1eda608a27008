import swagger from '@fastify/swagger'
import fp from 'fastify-plugin'
import { APP_VERSION } from '../version'

/** Collects every route's schema into an OpenAPI document, served at /api/docs/json. */
export default fp(async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Gongkai (政务公开) API', version: APP_VERSION, description: 'Open-government library, consultations and events for Shanghai districts.' },
      tags: [{ name: 'platform' }, { name: 'auth' }, { name: 'documents' }],
    },
  })
  app.get('/api/docs/json', { schema: { hide: true }, config: { rateLimit: false } }, async () => app.swagger())
}, { name: 'openapi' })
