import fp from 'fastify-plugin'
import { purgeExpiredPersonalData } from '../repositories/events'
import { purgeLoginFailures } from '../repositories/login-failures'
import { purgeAuditLog, purgeConsultationContacts, purgeIdempotencyKeys, purgeQuestionContacts } from '../repositories/maintenance'
import { purgeWriteCounters } from '../repositories/public-write-counters'
import { purgeSessions } from '../repositories/sessions'

/** How long a retried write is recognised: a phone offline for a weekend still sends its comment once. */
const IDEMPOTENCY_TTL_HOURS = 72
const EVERY_MS = 3_600_000

/**
 * Housekeeping at start and hourly, in every server process (the deletes are idempotent): expired staff
 * sessions and sign-in failures, stored answers to idempotent writes past their time (they may hold receipt
 * tokens), contact details 30 days after a question's answer or a consultation's report, names and phone
 * numbers of registrations 30 days after their event (as the consent notice says), anti-automation counters
 * of past windows, and audit rows past their retention.
 */
export default fp(async (app) => {
  async function run() {
    try {
      const now = app.now()
      await purgeSessions(app.db, app.config.session, now)
      const purged = await purgeIdempotencyKeys(app.db, new Date(now.getTime() - IDEMPOTENCY_TTL_HOURS * 3_600_000))
      const contacts = await purgeQuestionContacts(app.db, now) + await purgeConsultationContacts(app.db, now)
      const registrations = await purgeExpiredPersonalData(app.db, now)
      if (registrations)
        app.log.info({ event: 'registrations-purged', count: registrations }, 'personal data erased')
      await purgeWriteCounters(app.db, new Date(now.getTime() - 86_400_000))
      await purgeLoginFailures(app.db, new Date(now.getTime() - 86_400_000))
      const audited = await purgeAuditLog(app.db, now, app.config.auditRetentionDays ?? 365)
      app.log.debug({ purged, contacts, registrations, audited }, 'maintenance done')
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
