import fp from 'fastify-plugin'
import { purgeIdempotencyKeys, purgeQuestionContacts } from '../repositories/maintenance'
import { purgeSessions } from '../repositories/sessions'

/** How long a retried write is recognised: a phone offline for a weekend still sends its comment once. */
export const IDEMPOTENCY_TTL_HOURS = 72
const EVERY_MS = 3_600_000

/**
 * Housekeeping at start and hourly, in every server process (the deletes are idempotent): expired staff
 * sessions, stored answers to idempotent writes past their time (they may hold receipt tokens), and
 * the contact details of questions settled 30 days ago.
 */
export default fp(async (app) => {
  async function run() {
    try {
      const now = app.now()
      await purgeSessions(app.db, app.config.session, now)
      const purged = await purgeIdempotencyKeys(app.db, new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000))
      const contacts = await purgeQuestionContacts(app.db, now)
      app.log.debug({ purged, contacts }, 'maintenance done')
    }
    catch (err) {
      app.log.error({ err }, 'maintenance failed')
    }
  }
  let timer: NodeJS.Timeout | undefined
  app.addHook('onReady', async () => {
    await run()
    timer = setInterval(() => void run(), EVERY_MS).unref()
  })
  app.addHook('onClose', async () => clearInterval(timer))
}, { name: 'maintenance', dependencies: ['config', 'db'] })
