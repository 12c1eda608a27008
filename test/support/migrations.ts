import type { Db } from '../../src/server/db/client'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { drizzle as drizzleLite } from 'drizzle-orm/pglite'
import { migrate as migrateLite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { afterAll, expect } from 'vitest'
import { migrationsFolder } from '../../src/server/db/client'

// For a migration's test: a database migrated up to just before it, with the data it must carry over, then to the end.
// What they make is removed after the test file.

const cleanups: Array<() => Promise<unknown> | void> = []
afterAll(async () => {
  for (const c of cleanups.reverse())
    await c()
})

/** The migrations as they were before `tag`: a copy of the folder whose journal stops short of it. */
export function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-migrations-'))
  cpSync(migrationsFolder, dir, { recursive: true })
  const journalPath = join(dir, 'meta', '_journal.json')
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: Array<{ tag: string }> }
  const at = journal.entries.findIndex(e => e.tag === tag)
  expect(at).toBeGreaterThan(0)
  journal.entries = journal.entries.slice(0, at)
  writeFileSync(journalPath, JSON.stringify(journal))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A fresh, empty database of the kind the tests run on, and a way to migrate it from a folder. */
export async function freshDatabase(): Promise<{ db: Db, migrate: (folder: string) => Promise<void> }> {
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
