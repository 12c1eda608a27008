import type { AppConfig } from '../config'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyInstance {
    config: AppConfig
    /** the current time: `config.clock` when a test pins it */
    now: () => Date
  }
}

/** Makes the validated configuration available to every plugin and route. */
export default fp<{ config: AppConfig }>(async (app, opts) => {
  app.decorate('config', opts.config)
  app.decorate('now', opts.config.clock ?? (() => new Date()))
}, { name: 'config' })
