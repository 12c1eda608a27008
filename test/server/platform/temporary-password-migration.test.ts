import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../../src/server/db/client'
import { freshDatabase, migrationsBefore } from '../../support/migrations'

const TAG = '0018_staff-temporary-password-backfill'

describe(`migration ${TAG}`, () => {
  it('gives a temporary password given before expiry existed its 72 hours, and leaves a password of one\'s own alone', { timeout: 60_000 }, async () => {
    const { db, migrate } = await freshDatabase()
    await migrate(migrationsBefore(TAG))
    const add = (email: string, mustChangeAt: string | null) => db.execute(sql`insert into staff (email, display_name, role, password_hash, password_must_change_at)
      values (${email}, ${email}, 'admin', 'hash', ${mustChangeAt}::timestamptz)`)
    await add('given@gongkai.test', '2026-01-10T08:00:00Z')
    await add('own@gongkai.test', null)

    await migrate(migrationsFolder)
    const rows = (await db.execute(sql`select email, temporary_password_expires_at as expires from staff order by email`) as unknown as { rows: Array<{ email: string, expires: string | Date | null }> }).rows
    expect(rows.map(r => [r.email, r.expires === null ? null : new Date(r.expires).toISOString()])).toEqual([
      ['given@gongkai.test', '2026-01-13T08:00:00.000Z'],
      ['own@gongkai.test', null],
    ])
  })
})
