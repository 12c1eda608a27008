import type { FastifyInstance } from 'fastify'
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { consultationComments, consultations, publicWriteCounters } from '../../../src/server/db/schema'
import { purgeConsultationContacts } from '../../../src/server/repositories/maintenance'
import { buildTestApp } from '../../support/app'
import { makeConsultation, postComment } from '../consultations/support'

const DAY = 86_400_000
let now = new Date()
let app: FastifyInstance

beforeAll(async () => {
  // only the maintenance timer is faked: the hourly job is run by advancing it
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
  app = await buildTestApp({ clock: () => now })
})
afterAll(async () => {
  await app.close()
  vi.useRealTimers()
})

async function commentWithContact(reportPublishedAt: Date | null) {
  const id = await makeConsultation(app, 'open')
  const created = (await postComment(app, id, { text: '请与我联系', contact: '13912345678', consent: true })).json()
  await app.db.update(consultations).set({ reportPublishedAt }).where(eq(consultations.id, id))
  return created.id as number
}
const contactOf = async (commentId: number) => (await app.db.select({ contact: consultationComments.contact, consent: consultationComments.consent }).from(consultationComments).where(eq(consultationComments.id, commentId)))[0]

describe('consultation contact details (PIPL retention)', () => {
  it('are deleted 30 days after the report is published, and not before', async () => {
    const start = new Date()
    const fresh = await commentWithContact(new Date(start.getTime() - 29 * DAY))
    const due = await commentWithContact(new Date(start.getTime() - 31 * DAY))
    const unreported = await commentWithContact(null)
    expect(await purgeConsultationContacts(app.db, start)).toBe(1)
    expect(await contactOf(due)).toEqual({ contact: null, consent: false })
    expect(await contactOf(fresh)).toEqual({ contact: '13912345678', consent: true })
    expect(await contactOf(unreported)).toEqual({ contact: '13912345678', consent: true })
  })

  it('are deleted by the hourly maintenance job, with old anti-automation counters', async () => {
    const reported = new Date()
    const comment = await commentWithContact(reported)
    await app.db.insert(publicWriteCounters).values({ bucket: 'comment:ip:old', windowStart: new Date(reported.getTime() - 2 * DAY), hits: 3 })
    now = new Date(reported.getTime() + 30 * DAY + 3_600_000)
    await vi.advanceTimersByTimeAsync(3_600_000)
    // the job's purges run one after another: wait for the last of them too
    await vi.waitFor(async () => {
      expect((await contactOf(comment))!.contact).toBeNull()
      expect(await app.db.$count(publicWriteCounters, eq(publicWriteCounters.bucket, 'comment:ip:old'))).toBe(0)
    })
  })
})
