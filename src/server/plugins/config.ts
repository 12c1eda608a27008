import type { AppConfig } from '../config'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
  }
}

/** Makes the validated configuration available to every plugin and route. */
export default fp<{ config: AppConfig }>(async (app, opts) => {
  app.decorate('config', opts.config)
}, { name: 'config' })
