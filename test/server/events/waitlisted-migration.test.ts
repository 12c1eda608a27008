import type { Db } from '../../../src/server/db/client'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { sql } from 'drizzle-orm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzleLite } from 'drizzle-orm/pglite'
import { migrate as migrateLite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { migrationsFolder } from '../../../src/server/db/client'

const TAG = '0016_events-waitlisted'

/** The migrations as they were before `TAG`: a copy of the folder whose journal stops short of it. */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-migrations-'))
  cpSync(migrationsFolder, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex(e => e.tag === tag)
  expect(at).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(journalPath, JSON.stringify(journal))
  return dir
}

const cleanups: Array<() => Promise<unknown> | void> = []
afterAll(async () => {
  for (const c of cleanups.reverse())
    await c()
})

/** A fresh, empty database of the kind the tests run on, and a way to migrate it from a folder. */
async function freshDatabase(): Promise<{ db: Db, migrate: (folder: string) => Promise<void> }> {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    const client = await PGlite.create({ extensions: { pg_trgm } })
    cleanups.push(() => client.close())
    const db = drizzleLite(client) as unknown as Db
    return { db, migrate: folder => migrateLite(db as Parameters<typeof migrateLite>[0], { migrationsFolder: folder }) }
  }
  const name = `gongkai_migration_${process.pid}_${Date.now()}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  const dbUrl = new URL(url)
  dbUrl.pathname = `/${name}`
  const pool = new pg.Pool({ connectionString: dbUrl.toString(), max: 2 })
  cleanups.push(async () => {
    await pool.end()
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  })
  const db = drizzlePg(pool) as unknown as Db
  return { db, migrate: folder => migratePg(db as Parameters<typeof migratePg>[0], { migrationsFolder: folder }) }
}

describe(`migration ${TAG}`, () => {
  it('counts the registrations each event already has waitlisted', { timeout: 60_000 }, async () => {
    const { db, migrate } = await freshDatabase()
    const before = migrationsBefore(TAG)
    cleanups.push(() => rmSync(before, { recursive: true, force: true }))
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
