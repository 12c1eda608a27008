import type { Database, Db } from '../db/client'
import fp from 'fastify-plugin'
import { openDatabase } from '../db/client'

declare module 'fastify' {
  interface FastifyInstance {
    db: Db
    dbKind: Database['kind']
  }
}

/** Opens the database the config names, migrates it, and closes it with the app. */
export default fp(async (app) => {
  const database = await openDatabase(app.config.database)
  app.decorate('db', database.db)
  app.decorate('dbKind', database.kind)
  app.addHook('onClose', async () => {
    await database.close()
  })
}, { name: 'db', dependencies: ['config'] })
