import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../../src/server/db/client'
import { freshDatabase, migrationsBefore } from '../../support/migrations'

const TAG = '0016_events-waitlisted'

describe(`migration ${TAG}`, () => {
  it('counts the registrations each event already has waitlisted', { timeout: 60_000 }, async () => {
    const { db, migrate } = await freshDatabase()
    const before = migrationsBefore(TAG)
    await migrate(before)

    const event = (title: string) => sql`insert into events (title, organiser, district, topic, venue, address, starts_at, ends_at, capacity, signup_opens_at, signup_closes_at, status, ticket_public_key, ticket_private_key)
      values (${title}, '浦东新区政府办公室', 'pudong', 'government', '行政服务中心', '合欢路2号', now() + interval '7 days', now() + interval '7 days 2 hours', 1, now() - interval '1 day', now() + interval '6 days', 'published', 'pk', 'sk') returning id`
    const [full] = (await db.execute(event('满员')) as unknown as { rows: Array<{ id: number }> }).rows
    const [empty] = (await db.execute(event('无人候补')) as unknown as { rows: Array<{ id: number }> }).rows
    const statuses = ['confirmed', 'waitlisted', 'waitlisted', 'cancelled', 'waitlisted'] as const
    for (const [i, status] of statuses.entries()) {
      await db.execute(sql`insert into event_registrations (event_id, code, manage_token_hash, name, phone_hash, phone_encrypted, phone_masked, party_size, status, waitlist_seq, consent_at)
        values (${full!.id}, ${`CODE${i}`}, ${`token${i}`}, '张三', ${`hash${i}`}, 'x', '139****0000', 1, ${status}, ${status === 'confirmed' ? null : i}, now())`)
    }

    await migrate(migrationsFolder)
    const rows = (await db.execute(sql`select id, waitlisted from events order by id`) as unknown as { rows: Array<{ id: number, waitlisted: number }> }).rows
    expect(rows.map(r => [r.id, Number(r.waitlisted)])).toEqual([[full!.id, 3], [empty!.id, 0]])
    // and the count can never go below zero
    await expect(db.execute(sql`update events set waitlisted = -1 where id = ${empty!.id}`)).rejects.toMatchObject({ cause: { code: '23514', constraint: 'events_waitlisted_check' } })
  })
})
