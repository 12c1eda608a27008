import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthSchema } from '../../../../shared/schemas/health'
import { migrationLevel } from '../../../db/client'
import { APP_VERSION } from '../../../version'

const health: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/', {
    schema: { tags: ['platform'], summary: 'Liveness, database kind and migration level', response: { 200: HealthSchema } },
    config: { rateLimit: false },
  }, async () => ({ status: 'ok' as const, db: app.dbKind, migrations: await migrationLevel(app.db), version: APP_VERSION }))
}
export default health
